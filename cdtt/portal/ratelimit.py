"""A small limiter for the public forms: so many posts per address per window.

Counters live in Django's cache under a hash of the address, never the address itself.
With several server processes, point CACHES at a shared cache (Redis) so they add up.
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
    """Count one attempt; False once the address went over the action's limit."""
    limit, window = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(action, LIMITS[action])
    slot = int((time.time() if now is None else now) // window)
    key = f"portal:rl:{action}:{keyed_hash(client_address(request))[:32]}:{slot}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


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
