"""Counting visits like a commune information page: online now, today, this month, total.

A visitor of a day is HMAC(day's salt, address + browser). The salt is random, made on the
first visit of the day, and deleted with the day's hashes when the next day starts, so no
address is stored and no hash can be traced back later. No third-party tracker is used.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import DailyVisits, VisitorDay, VisitSalt
from .visitors import client_address, keyed_hash

ONLINE_WINDOW = timedelta(minutes=5)
SEEN_PRECISION = timedelta(minutes=1)  # last_seen is refreshed at most once a minute
ROBOTS = ("bot", "spider", "crawl", "slurp", "preview")


@dataclass(frozen=True)
class VisitCounts:
    online: int
    today: int
    month: int
    total: int


def salt_for(day: date) -> str:
    """The day's salt; making it deletes older salts and the hashes they made."""
    found = VisitSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found:
        return found
    VisitSalt.objects.exclude(day=day).delete()
    # Keep yesterday's hashes for "online now" across midnight; they cannot be recomputed.
    VisitorDay.objects.filter(day__lt=day - timedelta(days=1)).delete()
    try:
        with transaction.atomic():
            return VisitSalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
    except IntegrityError:  # another request made it first
        return VisitSalt.objects.get(day=day).salt


def record_visit(address: str, user_agent: str, now: datetime | None = None) -> bool:
    """Count a page view; True when it is the visitor's first of the day."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    visitor = keyed_hash(address, user_agent, key=salt_for(day))
    row = VisitorDay.objects.filter(day=day, visitor=visitor).first()
    if row is not None:
        if now - row.last_seen >= SEEN_PRECISION:
            VisitorDay.objects.filter(pk=row.pk).update(last_seen=now)
        return False
    try:
        with transaction.atomic():
            VisitorDay.objects.create(day=day, visitor=visitor, last_seen=now)
            DailyVisits.objects.get_or_create(day=day)
            DailyVisits.objects.filter(day=day).update(visitors=F("visitors") + 1)
    except IntegrityError:  # the same visitor's parallel request counted it
        return False
    return True


def visit_counts(now: datetime | None = None) -> VisitCounts:
    """The four figures shown at the foot of the public pages."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = DailyVisits.objects
    return VisitCounts(
        online=VisitorDay.objects.filter(last_seen__gt=now - ONLINE_WINDOW).count(),
        today=days.filter(day=today).aggregate(n=Sum("visitors", default=0))["n"],
        month=days.filter(day__year=today.year, day__month=today.month).aggregate(
            n=Sum("visitors", default=0)
        )["n"],
        total=days.aggregate(n=Sum("visitors", default=0))["n"],
    )


def counts_visit(view):
    """View decorator for public pages: count the visit of a person's browser."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        if request.method == "GET" and not any(word in agent.lower() for word in ROBOTS):
            record_visit(client_address(request), agent)
        return view(request, *args, **kwargs)

    return wrapped
