"""Atomic file output: write to a temporary file beside the target, then rename into place.

A build killed at any moment leaves each output either as it was or complete and new. The
temporary file's name carries the writer's process id (``.<name>.<pid>.<random>.tmp``), so the
next command that writes into a folder removes the leftovers of writers that are no longer
running, and never the file another running command is writing.

A command that rewrites a file a person may be editing (a PO file during ``update``, a source
during ``format``) uses :func:`write_if_unchanged`: it compares the file with what the command
read just before the rename, and leaves a file saved meanwhile alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

# .<target name>.<pid>.<mkstemp's random part>.tmp
TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
_swept: dict[str, int] = {}  # folder: its modification time when last swept


class ChangedMeanwhile(Exception):
    """The file changed on disk after the command read it; it was left as it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


def fingerprint_bytes(data: bytes | None) -> str | None:
    """A digest of a file's bytes as read (None: the file did not exist)."""
    return None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) if unchanged."""
    sweep_temporaries(path.parent)  # even when unchanged: the leftovers are in the writer's way
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    _write(path, data, None, check=False)
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 text atomically; return False if the file already held exactly this text."""
    return write_atomic(path, text.encode("utf-8"))


def write_if_unchanged(path: Path, data: bytes, expected: str | None) -> bool:
    """Write ``data`` atomically only if ``path`` still holds what was read (``expected``, from
    :func:`fingerprint_bytes`; None: it did not exist). Raise ChangedMeanwhile, touching nothing,
    if it changed; return False if it already holds ``data``.

    The comparison is made after the new bytes are on disk in the temporary file, immediately
    before the rename, so the window in which a save can still be lost is a few microseconds
    instead of the whole command.
    """
    current = _current(path)
    if current != expected:
        raise ChangedMeanwhile(path)
    if current == fingerprint_bytes(data):
        return False
    _write(path, data, expected, check=True)
    return True


def write_text_if_unchanged(path: Path, text: str, expected: str | None) -> bool:
    """:func:`write_if_unchanged` for UTF-8 text."""
    return write_if_unchanged(path, text.encode("utf-8"), expected)


def _current(path: Path) -> str | None:
    try:
        return fingerprint_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes, expected: str | None, check: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # No fsync: rename is atomic against a killed process, which is what this guards
        # against; forcing every file to disk would cost about 2 ms a file on a large build.
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        if check and _current(path) != expected:
            raise ChangedMeanwhile(path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sweep_temporaries(folder: Path) -> list[str]:
    """Remove the temporary files that writers no longer running left in ``folder``; return their
    names. A folder is listed again only when it changed since this process last swept it."""
    key = str(folder)
    try:
        changed = os.stat(folder).st_mtime_ns
        if _swept.get(key) == changed:
            return []
        names = os.listdir(folder)
    except OSError:
        return []
    _swept[key] = changed
    removed = []
    for name in names:
        match = TEMPORARY.match(name)
        if match and not _alive(int(match.group(1))):
            try:
                os.unlink(folder / name)
                removed.append(name)
            except OSError:
                pass  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**31  # someone else's running process
    return True
