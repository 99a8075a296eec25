"""Log in with a username or a phone number, however the phone is typed; lock out guessers.

Every login that comes with a request (the login page, Django admin's, the API token
endpoint) goes through `cdtt.accounts.lockout`, counted against the account whatever form
of its login was typed. Calls without a request (the test client's login, commands) have
no address to count against and are not throttled.
"""

from django.contrib.auth.backends import ModelBackend

from cdtt.vietnamese import looks_like_phone, normalize_phone

from . import lockout
from .models import User


def login_key(typed: str) -> str:
    """A login as counted when no account has it: a phone number in its one stored form."""
    typed = (typed or "").strip()
    if looks_like_phone(typed):
        try:
            return normalize_phone(typed)
        except ValueError:
            return typed
    return typed


def find_user(typed: str) -> User | None:
    """The account a typed login names: its username, or its phone however written."""
    typed = (typed or "").strip()
    if not typed:
        return None
    user = User.objects.filter(username=typed).first()
    if user is None and looks_like_phone(typed):
        try:
            user = User.objects.filter(phone=normalize_phone(typed)).first()
        except ValueError:
            user = None
    return user


class UsernameOrPhoneBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user with their unit (every scoped read needs its path) and the
        member behind the account (every home reads it), in the one query."""
        try:
            user = User._default_manager.select_related("orgunit", "member").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_user(username)
        attempt = None
        if request is not None:
            attempt = lockout.Attempt.of(request, user, login_key(username))
            if lockout.is_locked(attempt):
                lockout.outcome(request).locked = True
                return None
        if user is None:
            User().set_password(password)  # same cost as a real check, against timing probes
            right = False
        else:
            right = user.check_password(password)
        if right and not self.user_can_authenticate(user):
            if request is not None:  # only who knows the password learns the account is closed
                lockout.outcome(request).inactive = True
            return None
        if attempt is not None:
            if right:
                lockout.succeeded(attempt)
            else:
                found = lockout.failed(attempt)
                slot = lockout.outcome(request)
                slot.locked, slot.tries_left = found.locked, found.tries_left
        return user if right else None
