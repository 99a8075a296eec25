"""Month locks: kept by team and period, audited, idempotent; reports call them."""

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.locks import is_locked, lock_for, lock_month, unlock_month
from cdtt.activities.models import MonthLock
from cdtt.audit.models import AuditEntry
from cdtt.periods import Period

pytestmark = pytest.mark.django_db


def test_lock_and_unlock_a_team_month(world):
    team, officer = world.teams["village"], world.users[Role.COMMUNE]
    assert not is_locked(team, "2026-10")
    lock = lock_month(officer, team, Period(2026, 10), reason="approved")
    assert is_locked(team, "2026-10") and is_locked(team, Period(2026, 10))
    assert not is_locked(team, "2026-11") and not is_locked(world.teams["commune"], "2026-10")
    assert lock_for(team, "2026-10") == lock and lock.locked_by == officer
    assert lock_month(officer, team, "2026-10") == lock  # idempotent
    assert MonthLock.objects.count() == 1
    unlock_month(world.users[Role.PROVINCE], team, "2026-10", "a late report")
    assert not is_locked(team, "2026-10")
    unlock_month(world.users[Role.PROVINCE], team, "2026-10", "again")  # nothing to do
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "after"))
    assert actions == [
        ("month_locked", {"team": team.pk, "period": "2026-10", "reason": "approved"}),
        ("month_unlocked", {"reason": "a late report"}),
    ]


def test_a_bad_period_is_refused(world):
    with pytest.raises(ValueError):
        lock_month(world.users[Role.COMMUNE], world.teams["village"], "10/2026")
