"""Reading user files safely: regular files only, never blocking, never without a size limit.

Every file a command reads from the project (sources, PO files, pictures, ``pyproject.toml``)
comes through :func:`read_input`. A FIFO, a device, a folder, a symlink loop or a file larger
than its kind allows is refused with a message instead of hanging the command, filling memory
or ending in a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pipeline.problems import InputError, Problem

MB = 1024 * 1024

# Upper bounds far above any real file of the kind, far below what would exhaust memory.
LIMITS = {
    "source": MB // 2,  # a long leaflet is 30 KB; reading and checking 512 KB takes seconds
    "po": 4 * MB,  # a leaflet's PO file is about 40 KB, ui.po 5 KB; status on 4 MB: 13 s, 120 MB
    "picture": 8 * MB,
    "svg": 2 * MB,  # an OpenMoji picture is 5 KB, a detailed map 300 KB
    "settings": 1 * MB,
    "document": 32 * MB,  # a Word leaflet with photos is 1-5 MB (`leaflets import`)
    "webpage": 8 * MB,  # a saved hospital page is 50-500 KB (`leaflets import`)
    "rules": 2 * MB,
}


def exists(path: Path) -> bool:
    """True when there is anything at ``path``, a broken or looping symlink included."""
    return os.path.lexists(path)


def read_input(path: Path, shown: str, kind: str) -> bytes:
    """The bytes of the regular file at ``path``; InputError (at ``shown``:1:1) if it is anything else.

    Opened without blocking (a FIFO with no writer would otherwise wait forever), then checked
    with fstat on the open file, so a file swapped between check and read cannot slip through.
    """
    limit = LIMITS[kind]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError([Problem(shown, 1, 1, _why(exc))]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(shown, 1, 1, f"this is {_kind_of(info.st_mode)}, not a regular file: "
                                      "replace it with the file itself")])
        if info.st_size > limit:
            raise InputError([Problem(shown, 1, 1, f"the file is too large ({info.st_size / MB:.1f} MB; at "
                                      f"most {limit // MB} MB for this kind of file): split it or remove what "
                                      "is not needed")])
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 * MB):
            size += len(chunk)
            if size > limit:  # the file grew while it was read
                raise InputError([Problem(shown, 1, 1, f"the file is too large (over {limit // MB} MB)")])
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError([Problem(shown, 1, 1, _why(exc))]) from None
    finally:
        os.close(fd)


def regular_file_problem(path: Path, shown: str, line: int = 1, col: int = 1) -> Problem | None:
    """A problem when ``path`` is not a readable regular file (without opening it), else None."""
    try:
        info = path.stat()
    except OSError as exc:
        return Problem(shown, line, col, _why(exc))
    if not stat.S_ISREG(info.st_mode):
        return Problem(shown, line, col, f"this is {_kind_of(info.st_mode)}, not a regular file: "
                       "replace it with the file itself")
    return None


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "cannot read the file: it is a symbolic link that points to itself (a loop): fix or remove the link"
    if exc.errno == errno.ENOENT:
        return "cannot read the file: it does not exist (a broken symbolic link?)"
    if exc.errno == errno.EISDIR:
        return "this is a folder, not a regular file: replace it with the file itself"
    return f"cannot read the file: {exc.strerror or exc}"
