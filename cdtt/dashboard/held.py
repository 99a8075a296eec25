"""Each worker's copies of the communes' and provinces' sums by type, kept until PostgreSQL
says that their rows changed.

Activities by type is the dashboards' most frequent figure. A commune's is a dozen fact rows,
and reading them costs about two round trips to the database, about as much as summing the
commune's raw activities of a month. A copy in the worker costs no round trip.

A thread of the worker LISTENs on `cdtt_facts` on its own connection. The triggers of
migration 0005 send there, with each commit, the ids of the units whose rows a statement
changed. A notice drops those units' copies and the country's.

The copies are used:
- only on PostgreSQL (and unless DASHBOARD_HOLD_SUMS is off), and only while the thread listens. Before it listens, or after its
  connection dropped, every read goes to the database, and the copies start again empty;
- only outside a transaction. A transaction may see its own uncommitted rows or an older
  snapshot, and must not leave them to others.

A read that a notice for its unit overtook is not kept. Between a commit and its notice
(well under a millisecond on one machine) another worker may still answer from its copy.
"""

import logging
import os
import threading
from collections.abc import Callable, Hashable

import psycopg
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

CHANNEL = "cdtt_facts"  # as in migration 0005
APPLICATION = "cdtt-held-sums"  # the listening connection's name in pg_stat_activity
COUNTRY = None  # the unit key of the country's sums
MOST = 4096  # copies a worker holds (a few KB each); when full, it starts again empty
LIVENESS = 30  # seconds between checks that the listening connection still stands


class HeldSums:
    """The copies of one worker process, and the thread that keeps them current."""

    def __init__(self):
        self._lock = threading.Lock()
        self._copies: dict[int | None, dict[Hashable, dict]] = {}
        self._changes: dict[int | None, int] = {}  # notices seen per unit since `_epoch`
        self._epoch = 0  # a new one when every copy is dropped
        self._size = 0
        self._pid: int | None = None  # the process whose thread listens
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = False
        self.notices = 0  # notices handled, for tests to wait on

    def sums(self, unit: int | None, key: Hashable, read: Callable[[], dict]) -> dict:
        """`read()`'s answer for `unit`'s sums (a commune's or province's id, COUNTRY),
        from this worker's copy while it is known current. The answer is shared: read it,
        never change it."""
        if (
            not settings.DASHBOARD_HOLD_SUMS
            or connection.vendor != "postgresql"
            or connection.in_atomic_block
        ):
            return read()
        self.start()
        with self._lock:
            if self.listening:
                found = self._copies.get(unit, {}).get(key)
                if found is not None:
                    return found
            mark = (self.listening, self._epoch, self._changes.get(unit, 0))
        answer = read()
        with self._lock:
            if mark[0] and mark == (self.listening, self._epoch, self._changes.get(unit, 0)):
                if self._size >= MOST:
                    self._drop_all()
                self._copies.setdefault(unit, {})[key] = answer
                self._size += 1
        return answer

    def clear(self) -> None:
        """Drop every copy (each test starts without another's)."""
        with self._lock:
            self._drop_all()

    def stop(self) -> None:
        """Stop listening and close the thread's connection (before a test database goes)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _drop_all(self) -> None:  # holding the lock
        self._copies.clear()
        self._changes.clear()
        self._epoch += 1
        self._size = 0

    def _notice(self, payload: str) -> None:
        """The units a committed statement changed ("7,12"), or "*" for every unit."""
        with self._lock:
            self.notices += 1
            ids = payload.split(",")
            if payload == "*" or not all(i.isdigit() for i in ids):
                self._drop_all()
                return
            for unit in {COUNTRY, *map(int, ids)}:
                self._changes[unit] = self._changes.get(unit, 0) + 1
                self._size -= len(self._copies.pop(unit, ()))

    def start(self) -> None:
        """Start this process's listening thread, once (a forked worker starts its own);
        the first read does it."""
        pid = os.getpid()
        if self._pid == pid:
            return
        with self._lock:
            if self._pid == pid:
                return
            self._pid, self.listening = pid, False
            self._drop_all()
            self._stop.clear()
            params = {
                **connection.get_connection_params(),
                "application_name": APPLICATION,
                # a dead peer is noticed within a minute over TCP (ignored on a socket)
                "keepalives": 1,
                "keepalives_idle": 20,
                "keepalives_interval": 10,
                "keepalives_count": 3,
            }
            self._thread = threading.Thread(
                target=self._listen, args=(params,), name="cdtt-held-sums", daemon=True
            )
            self._thread.start()

    def _listen(self, params: dict) -> None:
        pause = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as listener:
                    listener.execute(f"LISTEN {CHANNEL}")
                    with self._lock:  # what changed before it listened went unheard
                        self._drop_all()
                        self.listening = True
                    pause = 1.0
                    self._follow(listener)
            except Exception:  # any failure: no copies until it listens again
                logger.warning("Not listening on %s; reading sums from the database", CHANNEL,
                               exc_info=True)  # fmt: skip
            with self._lock:
                self.listening = False
                self._drop_all()
            self._stop.wait(pause)
            pause = min(pause * 2, 60.0)

    def _follow(self, listener: psycopg.Connection) -> None:
        quiet = 0
        while not self._stop.is_set():
            heard = False
            for notice in listener.notifies(timeout=1.0):
                self._notice(notice.payload)
                heard = True
            quiet = 0 if heard else quiet + 1
            if quiet >= LIVENESS:  # a connection that went away raises here
                listener.execute("SELECT 1")
                quiet = 0


held = HeldSums()
