"""Reading accounts for the list, its search and its filters (pages and API alike)."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q, QuerySet

from cdtt.vietnamese import fold

from . import lockout
from .access import visible_users
from .models import User

NOT_ACTIVATED = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)  # no password chosen yet
DIGITS = str.maketrans("", "", " .-()+")
STATES = ("active", "pending", "locked", "closed")


def state_of(user: User) -> str:
    """active, pending (not yet activated), locked or closed; reads the `locked` annotation."""
    if not user.is_active:
        return "closed"
    if getattr(user, "locked", False):
        return "locked"
    return "active" if user.has_usable_password() else "pending"


def search(users, text: str):
    text = text.strip()
    if not text:
        return users
    digits = text.translate(DIGITS)
    if digits.isdigit() and len(digits) >= 3:
        if digits.startswith("84") and len(digits) > 9:
            digits = "0" + digits[2:]
        return users.filter(phone__contains=digits)
    return users.filter(name_folded__contains=fold(text))


def filter_state(users, state: str):
    if state == "closed":
        return users.filter(is_active=False)
    if state == "locked":
        return users.filter(is_active=True, locked=True)
    if state == "pending":
        return users.filter(NOT_ACTIVATED, is_active=True, locked=False)
    if state == "active":
        return users.filter(is_active=True, locked=False).exclude(NOT_ACTIVATED)
    return users


def masked(phone: str) -> str:
    """A phone number as lists and account pages show it: enough to tell two people apart.
    Whole numbers are printed only on the slips."""
    return f"{phone[:4]}•••{phone[-3:]}" if phone else ""


def account_list(actor, q: str = "", state: str = "") -> QuerySet:
    """The accounts the actor's list shows, searched and filtered, in name order; each
    annotated with `locked`."""
    users = visible_users(actor).select_related("orgunit").annotate(locked=lockout.locked_users())
    return filter_state(search(users, q), state).order_by("name_sort", "pk")
