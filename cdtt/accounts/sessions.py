"""Sessions end after SESSION_COOKIE_AGE idle seconds, renewed by use without a database
write on every request.

Saving the session at each request (SESSION_SAVE_EVERY_REQUEST) kept the idle limit exact
but cost an UPDATE and a commit per page view, and twenty officers opening the same page
queued on those rows. Here a request renews the session only when the last renewal is at
least RENEW_AFTER seconds old, and the keep-alive ping always renews it. The page's warning
counts down from what is really left (`remaining_seconds`), so it is never late.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

RENEW_AFTER = 60
TOUCHED = "_renewed_at"


def renew(request, force: bool = False) -> None:
    """Mark a logged-in session to be saved (new expiry, new cookie) if it is due."""
    session = request.session
    if session.session_key is None:  # no cookie: nothing to renew, and none to create
        return
    now = int(time.time())
    touched = session.get(TOUCHED)  # loads it: an unknown or expired key leaves it empty
    if session.is_empty():
        return
    if force or touched is None or now - touched >= RENEW_AFTER:
        session[TOUCHED] = now


def remaining_seconds(request) -> int:
    """Seconds before the session ends if the user does nothing more."""
    touched = request.session.get(TOUCHED)
    if touched is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - (int(time.time()) - touched))


@receiver(user_logged_in)
def _renewed_at_login(request, **_kwargs) -> None:
    """Logging in saves a new session: it counts as its first renewal."""
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())


class RenewSessionMiddleware:
    """After SessionMiddleware: renew the session of a request that is due (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        renew(request)
        return self.get_response(request)
