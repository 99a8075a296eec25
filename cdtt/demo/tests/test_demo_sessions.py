"""The demo's help sessions: deterministic, a second run adds nothing, and the Youth Union
comes most (the story's pattern)."""

from collections import Counter

import pytest

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity
from cdtt.demo.places import DEMO_COMMUNE_CODE
from cdtt.demo.sessions import seed_sessions
from cdtt.factories import make_member, make_team, make_unit, make_user
from cdtt.helpsessions.models import Seat, Session, SessionResult
from cdtt.orgunits.models import Level

pytestmark = pytest.mark.django_db


def test_demo_sessions_are_deterministic_and_youth_union_comes_most():
    province = make_unit("Tỉnh Điện Biên", Level.PROVINCE)
    commune = make_unit("Xã Mường Mùn", Level.COMMUNE, province, code=DEMO_COMMUNE_CODE)
    make_user(Role.COMMUNE, commune, "demo-commune")
    for n in range(3):
        team = make_team(make_unit(f"Bản {n}", Level.VILLAGE, commune))
        for k, affiliation in enumerate(["youth_union"] * 3 + ["farmers", "women_union", ""]):
            make_member(f"Thành viên {n}-{k}", team, affiliation=affiliation)
    added = seed_sessions(2024)
    assert added > 0
    assert seed_sessions(2024) == 0
    came = Counter(Seat.objects.filter(present=True).values_list("member__affiliation", flat=True))
    others = sum(count for key, count in came.items() if key != "youth_union")
    assert came["youth_union"] > others
    shared = sum(r.people_helped for r in SessionResult.objects.all())
    assert shared == sum(Activity.objects.values_list("people_helped", flat=True)) > 0
    assert Session.objects.filter(status="planned").exists()  # the next Sundays
