"""A unit page's figures, computed once and shared for a short while.

A province's page costs half a second of database work (a dozen statements over its
ten thousand seats and its facts), and at the end of the month dozens of officers open the
same page. The figures part of the page, rendered, is kept in
the cache for DASHBOARD_CACHE_SECONDS and shown with the time it was computed; the page's
"Recompute" link asks for a fresh one. What is kept holds no one's menu, session or CSRF
token: only the unit's figures, which every officer allowed to open the page sees alike.

One request computes a missing entry while the others asking for it wait for its answer (a
lock in the cache), so twenty officers opening a cold page cost one computation, not twenty.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

LOCK_SECONDS = 120  # longer than any page takes to compute; a crashed holder frees it then
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Shared:
    html: str
    computed_at: datetime


def _fresh_enough(entry: Shared | None, asked_at: datetime | None) -> bool:
    return entry is not None and (asked_at is None or entry.computed_at >= asked_at)


def shared(key: str, compute: Callable[[], str], *, recompute: bool = False) -> Shared:
    """The cached entry under `key`, or `compute()` stored there. `recompute`: only an entry
    computed after this call is good enough."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return Shared(compute(), timezone.now())
    asked_at = timezone.now() if recompute else None
    if not recompute:
        found = cache.get(key)
        if found is not None:
            return found
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_SECONDS
    while not cache.add(lock, 1, timeout=LOCK_SECONDS):
        # Another request is computing this entry: its answer will do.
        time.sleep(POLL_SECONDS)
        found = cache.get(key)
        if _fresh_enough(found, asked_at):
            return found
        if time.monotonic() > deadline:
            return Shared(compute(), timezone.now())
    try:
        found = cache.get(key)  # computed while this request waited for the lock
        if _fresh_enough(found, asked_at):
            return found
        entry = Shared(compute(), timezone.now())
        cache.set(key, entry, timeout=seconds)
        return entry
    finally:
        cache.delete(lock)
