"""API tokens: one per device, kept as a hash, ended after API_TOKEN_IDLE_DAYS without use.

Clients send `Authorization: Token <key>` as before (the published contract). A token's
last use is written at most every TOUCH_EVERY, not at each call.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken, User

TOUCH_EVERY = timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def device_of(request, named: str = "") -> str:
    """What the user will recognise the token by: the name the client gave, else its
    browser or app signature."""
    text = named or request.META.get("HTTP_USER_AGENT", "") or ""
    text = "".join(c for c in text if c.isprintable())  # a header may carry anything
    return " ".join(text.split())[:120]


def create_token(user: User, device: str = "") -> str:
    """A new token for a device; the key is returned once and never stored."""
    key = secrets.token_hex(20)
    ApiToken.objects.create(
        user=user, digest=_digest(key), device=device[:120], last_used_at=timezone.now()
    )
    return key


def idle_limit():
    return timezone.now() - timedelta(days=settings.API_TOKEN_IDLE_DAYS)


def purge() -> int:
    """Delete the tokens left unused for API_TOKEN_IDLE_DAYS (run every night)."""
    deleted, _counts = ApiToken.objects.filter(last_used_at__lt=idle_limit()).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's `Token` header, checked against ApiToken: unknown, expired or of a closed
    account answers 401."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.last_used_at < idle_limit():
            token.delete()
            raise exceptions.AuthenticationFailed(
                _("This token expired after a long time without use. Log in again.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is closed."))
        if now - token.last_used_at >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
