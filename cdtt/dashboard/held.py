"""Each worker's copies of the communes', provinces' and country's sums by type, kept until
PostgreSQL announces that their rows changed.

Activities by type is the dashboards' most frequent figure. A commune's is a dozen fact rows,
and reading them costs about two round trips to the database, about as much as summing the
commune's raw activities of a month. A copy in the worker costs no round trip.

The triggers of migration 0005 send on `cdtt_facts`, with each commit, the ids of the units
whose rows a statement changed ("*" for many). A notice drops those units' copies and the
country's (`cdtt.notices`). Copies are used only while the worker listens and only outside
a transaction, which may see its own uncommitted rows or an older snapshot and must not
leave them to others. A read that a notice for its unit overtook is not kept. Between a
commit and its notice (about a millisecond on one machine, more when the worker's threads
are busy) another worker may still answer from its copy.
"""

import os
import threading
from collections.abc import Callable, Hashable

from django.db import connection

from cdtt.notices import listener

CHANNEL = "cdtt_facts"  # as in migration 0005
COUNTRY = None  # the unit key of the country's sums
MOST = 4096  # copies a worker holds (a few KB each); when full, it starts again empty
SWITCHED_OFF = os.environ.get("CDTT_HELD_SUMS") == "0"  # the bench measures both ways


class HeldSums:
    """The copies of one worker process."""

    def __init__(self):
        self._lock = threading.RLock()  # clear() runs inside sums()
        self._copies: dict[int | None, dict[Hashable, dict]] = {}
        self._changes: dict[int | None, int] = {}  # notices seen per unit since `_epoch`
        self._epoch = 0  # a new one when every copy is dropped
        self._size = 0

    def sums(self, unit: int | None, key: Hashable, read: Callable[[], dict]) -> dict:
        """`read()`'s answer for `unit`'s sums (a commune's or province's id, COUNTRY),
        from this worker's copy while it is known current. The answer is shared: read it,
        never change it."""
        if SWITCHED_OFF or connection.in_atomic_block or not listener.listening():
            return read()
        with self._lock:
            found = self._copies.get(unit, {}).get(key)
            if found is not None:
                return found
            mark = (self._epoch, self._changes.get(unit, 0))
        answer = read()
        with self._lock:
            if listener.heard and mark == (self._epoch, self._changes.get(unit, 0)):
                if self._size >= MOST:
                    self.clear()
                self._copies.setdefault(unit, {})[key] = answer
                self._size += 1
        return answer

    def clear(self) -> None:
        """Drop every copy (when listening starts or stops; each test starts empty)."""
        with self._lock:
            self._copies.clear()
            self._changes.clear()
            self._epoch += 1
            self._size = 0

    def notice(self, payload: str) -> None:
        """The units a committed statement changed ("7,12"), or "*" for every unit."""
        ids = payload.split(",")
        if payload == "*" or not all(i.isdigit() for i in ids):
            self.clear()
            return
        with self._lock:
            for unit in {COUNTRY, *map(int, ids)}:
                self._changes[unit] = self._changes.get(unit, 0) + 1
                self._size -= len(self._copies.pop(unit, ()))


held = HeldSums()
