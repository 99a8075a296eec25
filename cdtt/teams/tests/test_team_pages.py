"""The team page: members with roles and phones, the leader's contact, inside the subtree."""

from datetime import date

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.teams.actions import add_training
from cdtt.teams.models import Member, Team, TeamRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(tree):
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, TeamRole.LEADER, phone="0912000003", birth_year=1958)
    make_member("Lường Thị Mai", team, phone="0912000004", birth_year=1999,
                affiliation="youth_union")  # fmt: skip
    make_member("Lò Văn Cũ", team, start=date(2022, 1, 1), end=date(2024, 1, 1))
    return team


def test_team_page_shows_members_roles_phones_and_the_leaders_contact(client, users, team):
    client.force_login(users[Role.LEADER])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "Quàng Văn Piếng" in page and 'href="tel:0912000003"' in page
    assert "Call 0912 000 003" in page
    assert "Lường Thị Mai" in page and "0912 000 004" in page and "Youth Union" in page
    assert page.index("Quàng Văn Piếng") < page.index("Lường Thị Mai")  # leader first
    assert "1 former member" in page and "Lò Văn Cũ" in page
    assert page.count("not trained") == 2


def test_a_member_reads_names_roles_and_only_the_phones_shown_publicly(client, users, team):
    Member.objects.filter(phone="0912000003").update(phone_public=True)
    client.force_login(users[Role.MEMBER])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "Quàng Văn Piếng" in page and "Call 0912 000 003" in page  # agreed to show it
    assert "Lường Thị Mai" in page and "Member (thành viên)" in page
    assert "0912 000 004" not in page and "0912000004" not in page  # did not agree
    assert "Youth Union" not in page and "years old" not in page and "not trained" not in page
    assert "Add a member" not in page  # a member looks, does not change


def test_trained_members_are_not_flagged(client, users, team):
    piếng = team.memberships.get(role=TeamRole.LEADER).member
    add_training(None, piếng, day=date(2024, 9, 1), topic="VNeID mức 2")
    client.force_login(users[Role.LEADER])
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert page.count("not trained") == 1
    assert "Add a member" in page


def test_a_team_without_a_leader_says_so(client, users, tree):
    team = make_team(tree["village"])
    client.force_login(users[Role.COMMUNE])
    assert "This team has no leader yet." in client.get(f"/teams/{team.pk}/").content.decode()


def test_the_unit_page_links_to_its_team_created_on_demand(client, users, tree):
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/units/{tree['village'].pk}/").content.decode()
    assert f"/teams/unit/{tree['village'].pk}/" in page
    answer = client.get(f"/teams/unit/{tree['village'].pk}/")
    team = Team.objects.get(unit=tree["village"])
    assert answer.status_code == 302 and answer["Location"] == f"/teams/{team.pk}/"
    assert client.get(f"/teams/unit/{tree['province'].pk}/").status_code == 404


def test_teams_menu_leads_to_ones_own_team_or_the_composition(client, users, tree):
    client.force_login(users[Role.LEADER])
    answer = client.get("/teams/")
    assert answer["Location"] == f"/teams/{Team.objects.get(unit=tree['village']).pk}/"
    client.force_login(users[Role.COMMUNE])
    assert client.get("/teams/")["Location"] == "/teams/composition/"


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        (Role.MEMBER, "village", 200),
        (Role.MEMBER, "sibling_village", 404),
        (Role.MEMBER, "commune", 404),
        (Role.LEADER, "sibling_village", 404),
        (Role.COMMUNE, "sibling_village", 200),
        (Role.COMMUNE, "cousin_village", 404),
        (Role.COMMUNE, "sibling_commune", 404),
        (Role.PROVINCE, "cousin_village", 200),
        (Role.PROVINCE, "other_village", 404),
        (Role.ADMIN, "other_village", 200),
    ],
)
def test_team_pages_exist_only_inside_the_subtree(client, users, tree, role, unit, status):
    team = make_team(tree[unit])
    client.force_login(users[role])
    assert client.get(f"/teams/{team.pk}/").status_code == status
    assert client.get(f"/teams/unit/{tree[unit].pk}/").status_code == (
        302 if status == 200 else 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, team):
    answer = client.get(f"/teams/{team.pk}/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
