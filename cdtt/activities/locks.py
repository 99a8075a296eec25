"""Locked months: once the commune approves a team's month, its activities stop changing.

Reports decide who may approve or reopen a month (the commune approves, the province
unlocks with a reason); these functions only keep the lock and its audit trail, and every
activity write asks `lock_for` first.
"""

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from cdtt.audit.log import record
from cdtt.periods import Period

from .models import MonthLock


def _text(period: Period | str) -> str:
    return str(period if isinstance(period, Period) else Period.parse(period))


def lock_for(team, period: Period | str) -> MonthLock | None:
    """The lock of a team's month, or None when the month is open."""
    return (
        MonthLock.objects.select_related("locked_by")
        .filter(team=team, period=_text(period))
        .first()
    )


def is_locked(team, period: Period | str) -> bool:
    return MonthLock.objects.filter(team=team, period=_text(period)).exists()


def locked_message(lock: MonthLock) -> str:
    """What a refused write says: which month, approved and locked by whom, when."""
    who = (lock.locked_by.get_full_name() or lock.locked_by.username) if lock.locked_by else "—"
    return _(
        "The month %(month)s was approved and locked by %(who)s on %(day)s: "
        "its activities can no longer be changed."
    ) % {
        "month": Period.parse(lock.period).label,
        "who": who,
        "day": formats.date_format(lock.locked_at, "d/m/Y"),
    }


def lock_month(actor, team, period: Period | str, reason: str = "") -> MonthLock:
    """Lock a team's month (idempotent: an existing lock is returned unchanged)."""
    text = _text(period)
    try:
        with transaction.atomic():
            lock = MonthLock.objects.create(
                team=team,
                period=text,
                locked_by=actor if getattr(actor, "pk", None) else None,
                reason=reason,
            )
            record(
                actor,
                "month_locked",
                lock,
                orgunit_path=team.unit.path,
                after={"team": team.pk, "period": text, "reason": reason},
            )
    except IntegrityError:
        return MonthLock.objects.get(team=team, period=text)
    return lock


@transaction.atomic
def unlock_month(actor, team, period: Period | str, reason: str) -> None:
    """Reopen a team's month; the reason is kept in the audit log."""
    text = _text(period)
    lock = MonthLock.objects.select_for_update().filter(team=team, period=text).first()
    if lock is None:
        return
    record(
        actor,
        "month_unlocked",
        lock,
        orgunit_path=team.unit.path,
        before={"team": team.pk, "period": text, "locked_by": lock.locked_by_id},
        after={"reason": reason},
    )
    lock.delete()
