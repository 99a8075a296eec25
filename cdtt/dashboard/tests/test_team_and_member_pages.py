"""The team page (each member's work, inspections) and the member page (their months and
activities): who may see them, what they show, their downloads."""

import csv
from datetime import date
from io import StringIO

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_user

pytestmark = pytest.mark.django_db
RANGE = {"from": "2025-06", "to": "2025-06"}


@pytest.fixture
def history(people, village_team, act):
    act(people["mai"], village_team, date(2025, 6, 2), times=5)
    act(people["pieng"], village_team, date(2025, 5, 20), note="Họp bản")
    return people


def test_leader_sees_who_did_nothing(client, users, village_team, history):
    client.force_login(users[Role.LEADER])
    answer = client.get(f"/dashboard/team/{village_team.pk}/", RANGE)
    page = answer.content.decode()
    assert answer.status_code == 200
    inactive = [row["label"] for row in answer.context["tables"]["inactive"].rows]
    # longest silence first: never (on the team since 2020), since 20/05, joined on 16/06
    assert inactive == ["Giàng A Páo", "Quàng Văn Piếng", "Lò Thị Mới"]
    assert "Lường Thị Mai" in page and "style=" not in page
    assert "/inspections/new/" not in page  # officers inspect


def test_team_members_table_downloads(client, users, village_team, history):
    client.force_login(users[Role.COMMUNE])
    answer = client.get(f"/dashboard/team/{village_team.pk}/members.csv", RANGE)
    rows = list(csv.reader(StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[1][0] == "Lường Thị Mai" and rows[1][2] == "5"
    assert len(rows) == 5  # header and the four seats


def test_member_page_lists_months_and_activities(client, users, history):
    client.force_login(users[Role.COMMUNE])
    url = f"/dashboard/member/{history['pieng'].pk}/"
    answer = client.get(url, {"from": "2025-05", "to": "2025-06"})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "05/2025" in page and "Họp bản" in page and "20/05/2025" in page


def test_a_member_sees_their_own_page_only(client, users, village_team, history, tree):
    mine = make_member("Tòng Thị Tôi", village_team, user=users[Role.MEMBER])
    client.force_login(users[Role.MEMBER])
    assert client.get(f"/dashboard/member/{mine.pk}/").status_code == 200
    assert client.get(f"/dashboard/member/{history['mai'].pk}/").status_code == 403
    assert client.get(f"/dashboard/team/{village_team.pk}/").status_code == 403


def test_member_page_shows_only_the_teams_in_the_viewers_subtree(client, tree, village_team, act):
    from cdtt.factories import make_team
    from cdtt.teams.models import Membership

    both = make_member("Hai Tổ", village_team)
    sibling_team = make_team(tree["sibling_village"])
    Membership.objects.create(team=sibling_team, member=both, start=date(2020, 1, 1))
    act(both, sibling_team, date(2025, 6, 3), note="ở Nà Sáy")
    act(both, village_team, date(2025, 6, 4), note="ở Huổi Lóng")
    leader = make_user(Role.LEADER, tree["village"], "leader2")
    client.force_login(leader)
    page = client.get(f"/dashboard/member/{both.pk}/", RANGE).content.decode()
    assert "ở Huổi Lóng" in page and "ở Nà Sáy" not in page
