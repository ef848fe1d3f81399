"""Problems found in user input, reported as ``path:line:col: message`` with no traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, and what to do about it."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


def shown_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to the project ``root`` when it is inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # outside the root, or a symlink loop
            try:
                return path.absolute().relative_to(root.absolute()).as_posix()
            except ValueError:
                pass
    return path.as_posix()


class InputError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean ...?' hint naming the nearest valid choice, or '' when none is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" Did you mean '{matches[0]}'?" if matches else ""
