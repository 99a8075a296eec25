"""A small limiter for the public forms: so many posts per address per window.

Counters live in Django's cache under a hash of the address, never the address itself.
The cache is shared by every worker process in every supported set-up (Redis when
REDIS_URL is set, else a table of the database: settings.CACHES), so the limit is one limit
however many processes serve the site.

Time is cut into windows (time // window). Each allowed attempt takes one of the numbered
slots of its address in the current window with `cache.add`, which is atomic in both caches
(Redis SET NX; an INSERT on the table's primary key, the slot's key never having existed
before its window): two processes never take the same slot, so requests arriving together
cannot slip past the limit as they can past a read-then-write counter. An attempt is allowed
while the slots taken in this window and the previous one number fewer than the limit: any
window-long span of time holds at most `limit` allowed attempts, wherever it starts. Slots
are taken from the lowest free one, so those taken form a run from 0; a hint remembers
where it ends, and a refused request costs three reads.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .visitors import client_address, keyed_hash

# action: (posts allowed, window in seconds)
LIMITS = {
    "comment": (5, 600),
    "rating": (20, 600),
    "help_request": (3, 3600),
    "help_lookup": (20, 600),
    "help_rating": (5, 600),
}


def allow(request, action: str, now: float | None = None) -> bool:
    """Count one attempt; False once the address has used the action's limit."""
    limit, window = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(action, LIMITS[action])
    key = f"portal:rl:{action}:{keyed_hash(client_address(request))[:32]}"
    current = int((time.time() if now is None else now) // window)
    before = _taken(f"{key}:{current - 1}", limit)
    slot = cache.get(f"{key}:{current}:next") or 0
    while before + slot < limit:
        # Kept two windows: read as "the previous window" during the next one.
        if cache.add(f"{key}:{current}:{slot}", 1, timeout=2 * window):
            cache.set(f"{key}:{current}:next", slot + 1, timeout=2 * window)
            return True
        slot += 1  # taken meanwhile by another request (another process, perhaps)
    return False


def _taken(window_key: str, limit: int) -> int:
    """How many slots a window's attempts took: the run from slot 0 (the hint may lag
    behind it by the requests that raced to set it)."""
    taken = cache.get(f"{window_key}:next") or 0
    while taken < limit and cache.get(f"{window_key}:{taken}") is not None:
        taken += 1
    return taken


def rate_limited(action: str, methods=("POST",)):
    """View decorator: answer 429 once an address sends too much of `action`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not allow(request, action):
                return render(request, "portal/too_many.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
