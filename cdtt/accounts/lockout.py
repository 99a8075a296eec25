"""Locking out password and code guessers without locking out a village.

A commune's Wi-Fi or a mobile carrier's NAT puts many people behind one address, so an
address is never the first thing locked. Each wrong password or code is one row counted
three ways over the last LOCKOUT_HOURS:

- for the account from that address: LOCKOUT_ACCOUNT_ADDRESS failures lock that account
  from that address (the person mistyping, or someone guessing from there);
- for the account from anywhere: LOCKOUT_ACCOUNT failures lock it from every address
  (guessing spread over many addresses);
- for the address whatever the account: only LOCKOUT_ADDRESS failures hold the address
  back (spraying one password over many accounts).

The account is the user, however their username or phone number was typed; a login that
no account has is counted under its normalised form, exactly alike, so that no answer
tells whether an account exists. Addresses are kept as a keyed hash, never as such.
A lock lasts LOCKOUT_HOURS, or until the account is unlocked by whoever manages it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cdtt.http import client_address

from .models import LoginFailure, LoginLock, User


@dataclass
class Attempt:
    """Who a login (or code) attempt is for and where it comes from."""

    user: User | None
    login: str
    address: str

    @classmethod
    def of(cls, request, user: User | None, login: str) -> "Attempt":
        mac = salted_hmac("cdtt.accounts.lockout.address", client_address(request))
        return cls(user=user, login="" if user else login[:150], address=mac.hexdigest())

    def account(self) -> Q:
        """The failures or locks of this account (a user, or a login nobody has)."""
        return Q(user=self.user) if self.user else Q(user=None, login=self.login)


@dataclass
class Outcome:
    """What the last attempt of a request came to, for the page or the API to say."""

    locked: bool = False
    inactive: bool = False  # right password, closed account
    tries_left: int | None = None  # said from the LOCKOUT_WARN_AFTER-th failure on


def outcome(request) -> Outcome:
    """The outcome slot of a request (the Django request behind a DRF one)."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "login_outcome"):
        request.login_outcome = Outcome()
    return request.login_outcome


def _window():
    now = timezone.now()
    return now, now - timedelta(hours=settings.LOCKOUT_HOURS)


def is_locked(attempt: Attempt) -> bool:
    """True while the account is locked from this address or from everywhere, or the
    address is held back."""
    now, _since = _window()
    mine = attempt.account() & (Q(address=attempt.address) | Q(address=""))
    address = Q(user=None, login="", address=attempt.address)
    return LoginLock.objects.filter(mine | address, until__gt=now).exists()


@transaction.atomic
def failed(attempt: Attempt) -> Outcome:
    """Count one failure; lock what went over its limit. Returns what to tell."""
    now, since = _window()
    until = now + timedelta(hours=settings.LOCKOUT_HOURS)
    LoginFailure.objects.create(
        user=attempt.user, login=attempt.login, address=attempt.address, at=now
    )
    recent = LoginFailure.objects.filter(at__gt=since)
    account = recent.filter(attempt.account())
    from_here = account.filter(address=attempt.address).count()
    anywhere = account.count()
    address = recent.filter(address=attempt.address).count()
    locks = []
    key = {"user": attempt.user, "login": attempt.login}
    if from_here >= settings.LOCKOUT_ACCOUNT_ADDRESS:
        locks.append(LoginLock(**key, address=attempt.address, until=until))
    if anywhere >= settings.LOCKOUT_ACCOUNT:
        locks.append(LoginLock(**key, address="", until=until))
    if address >= settings.LOCKOUT_ADDRESS:
        locks.append(LoginLock(user=None, login="", address=attempt.address, until=until))
    LoginLock.objects.bulk_create(locks)
    if locks:
        return Outcome(locked=True, tries_left=0)
    left = min(settings.LOCKOUT_ACCOUNT_ADDRESS - from_here, settings.LOCKOUT_ACCOUNT - anywhere)
    warn = from_here >= settings.LOCKOUT_WARN_AFTER or anywhere >= settings.LOCKOUT_WARN_AFTER
    return Outcome(tries_left=left if warn else None)


def succeeded(attempt: Attempt) -> None:
    """A right password or code: the account's failures are forgotten (the address's
    count of other accounts' failures stays)."""
    LoginFailure.objects.filter(attempt.account()).delete()


def unlock(user: User) -> int:
    """Lift every lock of the account and forget its failures; returns the locks lifted."""
    lifted, _counts = LoginLock.objects.filter(user=user).delete()
    LoginFailure.objects.filter(user=user).delete()
    return lifted


def locked_users(now=None) -> Exists:
    """For annotating or filtering users: has a lock in force."""
    return Exists(LoginLock.objects.filter(user=OuterRef("pk"), until__gt=now or timezone.now()))


def purge() -> int:
    """Forget failures older than the window and locks that ended (run every night)."""
    now, since = _window()
    failures, _counts = LoginFailure.objects.filter(at__lte=since).delete()
    locks, _counts = LoginLock.objects.filter(until__lte=now).delete()
    return failures + locks
