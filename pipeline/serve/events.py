"""Server-sent events: every open page hears about each rebuild on one long response.

Each subscriber (an open ``/__leaflets/events`` response) gets its own queue; ``publish`` puts
the event on every queue, and ``close`` puts ``None``, which ends every response, so no handler
thread outlives the server.
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

# Subscribers that stop reading (a tab in the background, a frozen page) must not hold memory
# for ever: past this many unsent events the oldest are dropped (the latest state is what counts).
BACKLOG = 64


@dataclass(frozen=True)
class Event:
    """One server-sent event: its type (the ``EventSource`` listener's name) and JSON data."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    ident: int = 0

    def encode(self) -> bytes:
        """The event in the ``text/event-stream`` format (one ``data:`` line: JSON has no newlines)."""
        payload = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        return f"id: {self.ident}\nevent: {self.name}\ndata: {payload}\n\n".encode()


class Broadcaster:
    """Fan-out of events to every subscriber, thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: set[queue.Queue[Event | None]] = set()
        self._closed = False
        self._ids = itertools.count(1)

    def subscribe(self) -> queue.Queue[Event | None]:
        """A new subscriber's queue (already ended, holding ``None``, once the server is closing)."""
        inbox: queue.Queue[Event | None] = queue.Queue()
        with self._lock:
            if self._closed:
                inbox.put(None)
            else:
                self._queues.add(inbox)
        return inbox

    def unsubscribe(self, inbox: queue.Queue[Event | None]) -> None:
        """Forget a subscriber (its response has ended)."""
        with self._lock:
            self._queues.discard(inbox)

    @property
    def subscribers(self) -> int:
        """How many responses are open."""
        with self._lock:
            return len(self._queues)

    def event(self, name: str, data: dict[str, Any] | None = None) -> Event:
        """An event with the next id."""
        return Event(name, data or {}, next(self._ids))

    def publish(self, event: Event) -> None:
        """Send ``event`` to every subscriber."""
        with self._lock:
            for inbox in self._queues:
                while inbox.qsize() >= BACKLOG:
                    try:
                        inbox.get_nowait()
                    except queue.Empty:
                        break
                inbox.put(event)

    def close(self) -> None:
        """End every subscriber's response; later subscribers end at once."""
        with self._lock:
            self._closed = True
            for inbox in self._queues:
                inbox.put(None)
            self._queues.clear()
