"""Log in with a username or a phone number, however the phone is typed; lock out guessers."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from cdtt.vietnamese import looks_like_phone, normalize_phone

from .models import User


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None and looks_like_phone(username):
            try:
                user = User.objects.filter(phone=normalize_phone(username)).first()
            except ValueError:
                user = None
        if user is None:
            User().set_password(password)  # same cost as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def login_key(request, credentials: dict | None = None) -> str | None:
    """The account a login attempt is for: a phone number in its one stored form."""
    data = credentials or getattr(request, "data", None) or request.POST
    username = (data.get("username") or "").strip()
    if looks_like_phone(username):
        try:
            return normalize_phone(username)
        except ValueError:
            return username
    return username or None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Calls without a request (Django's test client login, management commands) have no
    address to count against; they pass through to the password check unthrottled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
