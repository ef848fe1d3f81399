"""Work spread over worker processes, one item at a time, results in the items' order."""

from __future__ import annotations

import os
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
    pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)
    # small chunks: items differ in size, and the last chunk decides when the work ends
    results = pool.map(func, items, chunksize=max(1, len(items) // (workers * 8)))

    def in_order() -> Iterator[Result]:
        try:
            yield from results
        finally:
            pool.shutdown(cancel_futures=True)

    return in_order()
