"""What PostgreSQL announces to a worker: which of the things it keeps in memory changed.

Triggers on the tables that workers copy (the activity catalog, the commune and province
facts) send a notice on their channel with each commit that changed them, whoever wrote
it: our code, a month close, a restore, psql. A notice never leaves for a rollback. One
thread per process LISTENs on every channel subscribed to, on its own connection, and
hands each notice to its subscriber.

A worker may trust what it copied only while `listening()`. That is true only on
PostgreSQL (and unless DATABASE_NOTICES is off), and only after the thread listens.
Whenever the thread starts or stops listening, each subscriber's `reset` drops everything,
since what changed meanwhile went unheard. Subscribe from an app's `ready()`, before the
first `listening()`.
"""

import logging
import os
import threading
import uuid
from collections import Counter
from collections.abc import Callable

import psycopg
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

APPLICATION = "cdtt-notices"  # the listening connection's name in pg_stat_activity
LIVENESS = 30  # seconds without notices between probes of the connection
PROBE = "cdtt_probe"  # the channel of the notice the thread sends itself
PROBE_SECONDS = 5


class Listener:
    """The listening thread of one process, and what it knows."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: dict[str, tuple[Callable[[str], None], Callable[[], None]]] = {}
        self._pid: int | None = None  # the process whose thread listens
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.heard = False  # listening now
        self.notices: Counter[str] = Counter()  # notices handed over by channel (for tests)
        self.last: dict[str, str] = {}  # the last payload handed over by channel (for tests)

    def subscribe(self, channel: str, notice: Callable[[str], None], reset: Callable[[], None]):
        """`notice(payload)` for each notice on `channel`, `reset()` whenever the thread
        starts or stops listening. Both run on the thread: keep them short."""
        self._subscribers[channel] = (notice, reset)

    def listening(self) -> bool:
        """Whether this process hears every notice now (starting its thread at the first
        question, on PostgreSQL)."""
        if not settings.DATABASE_NOTICES or connection.vendor != "postgresql":
            return False
        if self._pid != os.getpid():
            self._start()
        return self.heard

    def announce_everything(self) -> None:
        """Tell every worker that anything may have changed (after a restore: pg_restore
        drops and loads the tables before their triggers exist)."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for channel in self._subscribers:
                cursor.execute("SELECT pg_notify(%s, '*')", [channel])

    def stop(self) -> None:
        """Stop listening and close the thread's connection (before a test database goes)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _start(self) -> None:
        """Start this process's thread, once (a forked worker starts its own)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self.heard = False  # a forked worker does not inherit its parent's
            self._pid = os.getpid()
            self._stop.clear()
            params = {
                **connection.get_connection_params(),
                "application_name": APPLICATION,
                # a dead peer is noticed within a minute over TCP (ignored on a socket),
                # also while a probe waits for its answer
                "keepalives": 1,
                "keepalives_idle": 20,
                "keepalives_interval": 10,
                "keepalives_count": 3,
                "tcp_user_timeout": 30_000,
            }
            self._thread = threading.Thread(
                target=self._listen, args=(params,), name=APPLICATION, daemon=True
            )
            self._thread.start()

    def _reset(self, heard: bool) -> None:
        """Everything copied is dropped before the copies are trusted, and after they stop
        being trusted."""
        if not heard:
            self.heard = False
        for _notice, reset in self._subscribers.values():
            reset()
        self.heard = heard

    def _listen(self, params: dict) -> None:
        pause = 1.0
        try:
            while not self._stop.is_set():
                try:
                    with psycopg.connect(**params, autocommit=True) as conn:
                        for channel in (*self._subscribers, PROBE):
                            conn.execute(f"LISTEN {channel}")
                        self._probe(conn)
                        self._reset(heard=True)
                        pause = 1.0
                        self._follow(conn)
                except Exception:  # any failure: nothing copied is trusted until it listens again
                    logger.warning("Not listening for changes; reading from the database",
                                   exc_info=True)  # fmt: skip
                self._reset(heard=False)
                self._stop.wait(pause)
                pause = min(pause * 2, 60.0)
        finally:  # however the thread ends, the copies are no longer trusted
            self._reset(heard=False)

    def _follow(self, conn: psycopg.Connection) -> None:
        quiet = 0
        while not self._stop.is_set():
            heard = False
            for notice in conn.notifies(timeout=1.0):
                self._hand_over(notice)
                heard = True
            quiet = 0 if heard else quiet + 1
            if quiet >= LIVENESS:
                self._probe(conn)
                quiet = 0

    def _hand_over(self, notice: psycopg.Notify) -> None:
        if notice.channel in self._subscribers:
            self._subscribers[notice.channel][0](notice.payload)
            self.notices[notice.channel] += 1
            self.last[notice.channel] = notice.payload

    def _probe(self, conn: psycopg.Connection) -> None:
        """Send a notice to itself and wait for it: the connection stands, and carries
        notices (a pooler in transaction mode takes LISTEN and may never deliver)."""
        token = uuid.uuid4().hex
        conn.execute("SELECT pg_notify(%s, %s)", [PROBE, token])
        for notice in conn.notifies(timeout=PROBE_SECONDS):
            if notice.channel == PROBE and notice.payload == token:
                return
            self._hand_over(notice)
        raise ConnectionError(f"the probe notice did not come back in {PROBE_SECONDS} s")


listener = Listener()
