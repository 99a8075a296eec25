"""Helpers for the dashboard tests: activities are always written through record_activity."""

import uuid
from datetime import date

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.factories import make_member, make_team, make_user


@pytest.fixture
def admin(db):
    return make_user(Role.ADMIN, None, "facts-admin")


@pytest.fixture
def act(admin):
    """act(member, team, day, times=1, **fields): record activities as the administrator."""

    def record(member, team, day: date, times: int = 1, **fields):
        for _ in range(times):
            data = {
                "id": str(uuid.uuid4()),
                "member": member.pk,
                "team": team.pk,
                "village": fields.pop("village", team.unit).pk,
                "date": day.isoformat(),
                "type": "vneid_level2",
                "people_helped": 2,
                **fields,
            }
            record_activity(admin, data)

    return record


@pytest.fixture
def village_team(tree):
    return make_team(tree["village"])


@pytest.fixture
def people(village_team):
    """Four members of the home village's team, on it since 2020 unless said otherwise."""
    team = village_team
    return {
        "mai": make_member("Lường Thị Mai", team, affiliation="youth_union", birth_year=2000),
        "pieng": make_member("Quàng Văn Piếng", team, "leader", affiliation="village_head",
                             birth_year=1958),
        "pao": make_member("Giàng A Páo", team, birth_year=1985),
        # joined on 16/06/2025, mid-month
        "new": make_member("Lò Thị Mới", team, start=date(2025, 6, 16), birth_year=1999),
    }  # fmt: skip
