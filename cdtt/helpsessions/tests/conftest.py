"""A village team with a leader account and two members with accounts, for the sessions' tests."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities.models import ActivityType
from cdtt.factories import make_member, make_team, make_user
from cdtt.helpsessions.actions import plan_session
from cdtt.teams.models import TeamRole


@pytest.fixture
def crew(tree, users):
    team = make_team(tree["village"])
    leader_user = users[Role.LEADER]
    make_member("Lò Văn Thanh", team, role=TeamRole.LEADER, user=leader_user)
    lan_user = make_user(Role.MEMBER, tree["village"], "lan", email="lan@example.org")
    minh_user = make_user(Role.MEMBER, tree["village"], "minh")
    lan = make_member("Quàng Thị Lan", team, user=lan_user, affiliation="youth_union")
    minh = make_member("Lường Văn Minh", team, user=minh_user, affiliation="veterans")
    return {
        "team": team,
        "leader": leader_user,
        "lan": lan,
        "minh": minh,
        "lan_user": lan_user,
        "minh_user": minh_user,
        "officer": users[Role.COMMUNE],
    }


@pytest.fixture
def planned(crew, tree):
    """Next Sunday's session of the village team, planned by its leader."""
    today = timezone.localdate()
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 or 7)
    (session,) = plan_session(
        crew["leader"],
        unit=tree["village"],
        teams=[crew["team"]],
        village=tree["village"],
        day=sunday,
        start=time(7, 30),
        end=time(11),
        place="Nhà văn hóa bản Huổi Lóng",
        types=ActivityType.objects.filter(code__in=["vneid_level2", "vssid"]),
    )
    return session
