"""Who a public visitor is, without knowing who they are.

The address is read once to count visits and to rate-limit forms, and is only ever kept
as a keyed hash. Readers who rate an article get a random id in a signed cookie; only a
hash of it is stored.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

from cdtt.http import client_address  # noqa: F401 - the one reader of the address, used here

VISITOR_COOKIE = "portal_visitor"
_COOKIE_SALT = "cdtt.portal.visitor"
_COOKIE_AGE = 2 * 365 * 24 * 3600


def keyed_hash(*parts: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the parts (hex), with the site's secret unless another key is given."""
    message = "\x1f".join(parts).encode()
    return hmac.new((key or settings.SECRET_KEY).encode(), message, hashlib.sha256).hexdigest()


def visitor_id(request) -> tuple[str, bool]:
    """The reader's random id from the signed cookie; (new id, True) when there is none."""
    value = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=_COOKIE_SALT)
    if value:
        return value, False
    return secrets.token_urlsafe(24), True


def remember_visitor(response, value: str) -> None:
    response.set_signed_cookie(
        VISITOR_COOKIE,
        value,
        salt=_COOKIE_SALT,
        max_age=_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
