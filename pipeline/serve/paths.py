"""Which file of the output folder a request names, if any: nothing outside it is ever served.

A request target is decoded once, then refused if any part could climb or escape: ``..``
(plain or percent-encoded, ``%2e%2e`` and ``..%2f`` decode to it), a backslash (a separator on
Windows, and never in a name the build writes), a NUL, or a hidden name (the build manifest and
temporary files start with a dot). What is left is joined to the output folder, resolved
(following symlinks) and served only if it is still inside the resolved output folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Target:
    """What a request path names: a file to serve, a folder to redirect to with a slash, or nothing."""

    file: Path | None = None
    redirect: str | None = None
    refused: bool = False  # an attempt to leave the folder, rather than a file that is not there

    @property
    def found(self) -> bool:
        """True when there is a file to serve."""
        return self.file is not None


def request_parts(target: str) -> list[str] | None:
    """The decoded path segments of a request target, or None when it must be refused."""
    if not target.startswith("/"):
        return None  # "http://host/..." or "*": a browser never sends these to a preview server
    path = urlsplit(target).path
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\x00" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part == ".." or part.startswith(".") for part in parts):
        return None
    return parts


def _inside(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder)


def site_target(folder: Path, target: str) -> Target:
    """The file of ``folder`` (the output folder) that the request ``target`` names."""
    parts = request_parts(target)
    if parts is None:
        return Target(refused=True)
    root = Path(os.path.realpath(folder))
    candidate = Path(os.path.realpath(root.joinpath(*parts)))
    if not _inside(candidate, root):
        return Target(refused=True)  # a symlink in the folder that points out of it
    if candidate.is_dir():
        path = urlsplit(target).path
        if not path.endswith("/"):
            return Target(redirect=path + "/")
        candidate = Path(os.path.realpath(candidate / "index.html"))
        if not _inside(candidate, root):
            return Target(refused=True)
    if not candidate.is_file():
        return Target()
    return Target(file=candidate)


def page_key(target: str) -> str:
    """A page as the build names it, relative to the output folder: ``<id>/<locale>/index.html``.

    ``/`` and ``/<id>/<locale>/`` name the folder's ``index.html``; an unusable path gives "".
    """
    parts = request_parts(target if target.startswith("/") else "/" + target)
    if parts is None:
        return ""
    if not parts or urlsplit(target).path.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)
