"""A village team with a leader, two members and user accounts, for the reports tests."""

from datetime import date

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team, make_user
from cdtt.periods import Period


@pytest.fixture
def last_month():
    return Period.of(timezone.localdate()).previous()


@pytest.fixture
def crew(tree, users):
    """The home village's team: leader (demo 'leader' user), Mai (user 'member'), Páo."""
    team = make_team(tree["village"])
    leader = make_member("Quàng Văn Piếng", team, "leader", user=users[Role.LEADER])
    mai = make_member("Lường Thị Mai", team, user=users[Role.MEMBER])
    pao = make_member(
        "Giàng A Páo",
        team,
        user=make_user(Role.MEMBER, tree["village"], "pao", email="pao@example.vn"),
    )
    return {"team": team, "leader": leader, "mai": mai, "pao": pao, "start": date(2020, 1, 1)}
