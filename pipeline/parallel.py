"""Work spread over worker processes, one item at a time, results in the items' order.

Workers never outlive the command: each asks the kernel for SIGKILL when its parent dies
(Linux ``PR_SET_PDEATHSIG``) and, where that is not available or the parent is not the process
that started the pool, a watchdog thread ends the worker once its parent has gone.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def process_map(
    func: Callable[[Item], Result],
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    serial_below: int = 2,
) -> Iterator[Result]:
    """``func`` over ``items`` in ``jobs`` processes (None: one per CPU), results in order.

    The work starts before the first result is asked for, so the caller can do its own work
    meanwhile. With one worker, or fewer than ``serial_below`` items, it runs in this process
    (lazily), ``initializer`` included: a pool would cost more than it saves.
    """
    items = list(items)
    workers = min(max(1, jobs or os.cpu_count() or 1), len(items))
    if workers <= 1 or len(items) < serial_below:
        if initializer is not None:
            initializer(*initargs)
        return map(func, items)
    import multiprocessing

    # a process that has run a native library with threads of its own (Typst) must not fork:
    # the child would inherit its locks but not its threads, and wait for ever
    method = "forkserver" if _fork_unsafe and "forkserver" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=functools.partial(_worker_start, os.getpid(), context.get_start_method()),
                               initargs=(initializer, initargs))
    # small chunks: items differ in size, and the last chunk decides when the work ends
    results = pool.map(func, items, chunksize=max(1, len(items) // (workers * 8)))

    def in_order() -> Iterator[Result]:
        try:
            yield from results
        finally:
            pool.shutdown(cancel_futures=True)

    return in_order()


_PR_SET_PDEATHSIG = 1
# how often the watchdog looks at its parent: a worker outlives a killed command by at most this
_WATCH_SECONDS = 0.5


_fork_unsafe = False


def mark_fork_unsafe() -> None:
    """Say that this process has started native threads (Typst's): its pools start workers by forkserver."""
    global _fork_unsafe
    _fork_unsafe = True


def _worker_start(parent: int, method: str, initializer: Callable[..., None] | None,
                  initargs: tuple[Any, ...]) -> None:
    """Tie this worker's life to the command's, then run the caller's initializer."""
    # imported here: only a worker needs them, and a no-op build must start fast
    import ctypes
    import ctypes.util
    import signal
    import threading

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends the worker
    watched = os.getppid()
    if method == "fork" and watched != parent:
        os._exit(1)  # the command died before the signal was asked for
    threading.Thread(target=_watch, args=(watched,), daemon=True, name="parent-watchdog").start()
    if initializer is not None:
        initializer(*initargs)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)  # orphaned: nobody will read this worker's results
