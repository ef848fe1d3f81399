"""Build feedback: a rich progress bar on a terminal; one plain line per stage in CI or when quiet."""

from __future__ import annotations

import os
import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class Feedback:
    """Reports progress while a build runs and a summary line per stage after it."""

    def __init__(self, quiet: bool = False) -> None:
        self.console = Console(stderr=True)
        self.live = not quiet and sys.stderr.isatty() and not os.environ.get("CI")
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Feedback:
        if self.live:
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=self.console, transient=True)
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def progress(self, stage: str, done: int, total: int) -> None:
        """Move the bar of ``stage`` to ``done`` of ``total`` (a no-op unless on a terminal)."""
        if self._progress is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(f"{stage}: leaflets", total=total)
        self._progress.update(self._tasks[stage], completed=done)

    def stage(self, name: str, summary: str, seconds: float) -> None:
        """One line saying what a stage did and how long it took."""
        print(f"{name}: {summary} ({seconds:.2f} s)")
