"""Member profile, add, edit, end membership, training, delete: who may, and what is kept."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.teams.models import Member, Membership, TeamRole, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(tree):
    return make_team(tree["village"])


@pytest.fixture
def piếng(team):
    return make_member("Quàng Văn Piếng", team, TeamRole.LEADER, phone="0912000003",
                       birth_year=1958, ethnicity="Thái", skills=["vneid"])  # fmt: skip


def new_member(**overrides):
    data = {"full_name": " Lường  Thị Mai ", "phone": "+84 912 000 004", "role": "member",
            "birth_year": "1999", "gender": "female", "affiliation": "youth_union",
            "affiliation_note": "Bí thư chi đoàn", "ethnicity": "Thái",
            "skills": ["vneid", "vssid"], "start": timezone.localdate().isoformat()}  # fmt: skip
    data.update(overrides)
    return data


def test_a_leader_adds_a_member_to_their_own_team(client, users, team, piếng):
    client.force_login(users[Role.LEADER])
    answer = client.post(f"/teams/{team.pk}/members/new/", new_member())
    assert answer.status_code == 302
    mai = Member.objects.get(phone="0912000004")
    assert (mai.full_name, mai.birth_year, mai.skills) == (
        "Lường Thị Mai",
        1999,
        ["vneid", "vssid"],
    )
    assert mai.memberships.get().team == team
    page = client.get(answer["Location"]).content.decode()
    assert "Lường Thị Mai was added to the team." in page


def test_the_add_form_shows_each_refusal_on_its_field(client, users, team, piếng):
    client.force_login(users[Role.LEADER])
    page = client.post(
        f"/teams/{team.pk}/members/new/",
        new_member(phone="0912 000 003", birth_year="1890", role="leader"),
    ).content.decode()
    assert "This phone number belongs to another member." in page
    assert "impossible birth year" in page
    assert not Member.objects.filter(full_name="Lường Thị Mai").exists()
    page = client.post(f"/teams/{team.pk}/members/new/", new_member(role="leader")).content.decode()
    assert "Quàng Văn Piếng is the leader of this team; end that membership first." in page


def test_a_member_back_on_the_team_starts_after_their_last_day(client, users, team, piếng):
    """The form says until when the person is on the team and from when they can start."""
    today = timezone.localdate()
    mai = make_member("Lường Thị Mai", team, phone="0912000004", start=date(2025, 1, 1),
                      end=today + timedelta(days=10))  # fmt: skip
    client.force_login(users[Role.LEADER])
    page = client.post(f"/teams/{team.pk}/members/new/", new_member()).content.decode()
    until, earliest = today + timedelta(days=10), today + timedelta(days=11)
    assert (
        f"Lường Thị Mai was on this team until {until:%d/%m/%Y}; the new membership can "
        f"start on {earliest:%d/%m/%Y} at the earliest."
    ) in page
    assert mai.memberships.count() == 1
    answer = client.post(f"/teams/{team.pk}/members/new/", new_member(start=earliest.isoformat()))
    assert answer.status_code == 302
    assert mai.memberships.count() == 2


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        (Role.LEADER, "village", 200),
        (Role.LEADER, "commune", 404),  # not in a village leader's subtree
        (Role.LEADER, "sibling_village", 404),
        (Role.MEMBER, "village", 403),
        (Role.COMMUNE, "village", 200),
        (Role.COMMUNE, "commune", 200),
        (Role.COMMUNE, "cousin_village", 404),
        (Role.PROVINCE, "cousin_village", 200),
        (Role.PROVINCE, "other_village", 404),
    ],
)
def test_who_may_add_members_where(client, users, tree, role, unit, status):
    team = make_team(tree[unit])
    client.force_login(users[role])
    assert client.get(f"/teams/{team.pk}/members/new/").status_code == status


def test_a_commune_leader_edits_only_the_commune_team(client, tree):
    from cdtt.factories import make_user

    leader = make_user(Role.LEADER, tree["commune"], "commune-leader")
    client.force_login(leader)
    assert client.get(f"/teams/{make_team(tree['commune']).pk}/members/new/").status_code == 200
    assert client.get(f"/teams/{make_team(tree['village']).pk}/members/new/").status_code == 403


def test_profile_shows_details_skills_teams_and_training(client, users, piếng, team):
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/teams/members/{piếng.pk}/").content.decode()
    assert "Quàng Văn Piếng" in page and "0912 000 003" in page
    assert "VNeID level-2 activation" in page and "No training recorded." in page
    client.force_login(users[Role.LEADER])
    page = client.get(f"/teams/members/{piếng.pk}/").content.decode()
    assert "Thái" in page and "Edit details and skills" in page


def test_a_teammate_reads_the_name_teams_and_roles_only(client, users, piếng, team):
    client.force_login(users[Role.MEMBER])
    page = client.get(f"/teams/members/{piếng.pk}/").content.decode()
    assert "Quàng Văn Piếng" in page and "Leader (tổ trưởng)" in page
    assert "0912 000 003" not in page  # not shown publicly: not shown to teammates either
    assert "VNeID level-2 activation" not in page and "Training attended" not in page
    assert "Thái" not in page  # ethnicity is sensitive: only those who manage see it
    assert "Edit details and skills" not in page


def test_editing_details_and_skills(client, users, piếng):
    client.force_login(users[Role.COMMUNE])
    data = {"full_name": "Quàng Văn Piếng", "phone": "0912.000.333", "birth_year": "1958",
            "gender": "male", "affiliation": "village_head", "affiliation_note": "Trưởng bản",
            "ethnicity": "Thái", "skills": ["vneid", "scams", "cashless"]}  # fmt: skip
    answer = client.post(f"/teams/members/{piếng.pk}/edit/", data)
    assert answer.status_code == 302
    piếng.refresh_from_db()
    assert piếng.phone == "0912000333" and piếng.skills == ["vneid", "cashless", "scams"]
    page = client.post(f"/teams/members/{piếng.pk}/edit/", {**data, "phone": "12"}).content.decode()
    assert "is not a Vietnamese mobile number" in page or "not a phone number" in page


def test_ending_a_membership_keeps_the_history(client, users, team, piếng):
    membership = piếng.memberships.get()
    client.force_login(users[Role.LEADER])
    page = client.get(f"/teams/memberships/{membership.pk}/").content.decode()
    assert "End the membership" in page
    yesterday = timezone.localdate() - timedelta(days=1)
    answer = client.post(f"/teams/memberships/{membership.pk}/",
                         {"action": "end", "end": yesterday.isoformat()})  # fmt: skip
    assert answer.status_code == 302
    membership.refresh_from_db()
    assert membership.end == yesterday
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "1 former member" in page and "This team has no leader yet." in page
    ending = {"action": "end", "end": yesterday.isoformat()}
    again = client.post(f"/teams/memberships/{membership.pk}/", ending)
    assert "This membership has ended" in again.content.decode()


def test_changing_a_role(client, users, team, piếng):
    mai = make_member("Lường Thị Mai", team)
    membership = mai.memberships.get()
    client.force_login(users[Role.COMMUNE])
    page = client.post(f"/teams/memberships/{membership.pk}/",
                       {"action": "role", "role": "leader"}).content.decode()  # fmt: skip
    assert "Quàng Văn Piếng is the leader of this team" in page
    client.post(f"/teams/memberships/{membership.pk}/", {"action": "role", "role": "deputy"})
    assert Membership.objects.get(pk=membership.pk).role == TeamRole.DEPUTY


def test_membership_pages_inside_the_subtree_only(client, users, tree):
    sibling = make_member("Cà Văn Ơn", make_team(tree["sibling_village"]))
    client.force_login(users[Role.LEADER])
    assert client.get(f"/teams/memberships/{sibling.memberships.get().pk}/").status_code == 404
    assert client.get(f"/teams/members/{sibling.pk}/").status_code == 404
    assert client.get(f"/teams/members/{sibling.pk}/edit/").status_code == 404
    assert client.get(f"/teams/members/{sibling.pk}/trainings/new/").status_code == 404
    assert client.get(f"/teams/members/{sibling.pk}/delete/").status_code == 404
    client.force_login(users[Role.MEMBER])
    own = make_member("Lò Văn Inh", make_team(tree["village"]))
    assert client.get(f"/teams/members/{own.pk}/").status_code == 200
    assert client.get(f"/teams/members/{own.pk}/edit/").status_code == 403
    assert client.get(f"/teams/memberships/{own.memberships.get().pk}/").status_code == 403


def test_recording_a_training(client, users, piếng):
    client.force_login(users[Role.LEADER])
    answer = client.post(f"/teams/members/{piếng.pk}/trainings/new/",
                         {"day": "2024-09-12", "topic": "Kích hoạt VNeID mức 2",
                          "organiser": "UBND xã Mường Mùn"})  # fmt: skip
    assert answer.status_code == 302
    assert Training.objects.get().member == piếng
    page = client.get(f"/teams/members/{piếng.pk}/").content.decode()
    assert "Kích hoạt VNeID mức 2" in page and "12/09/2024" in page
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = client.post(f"/teams/members/{piếng.pk}/trainings/new/",
                       {"day": future, "topic": "x"}).content.decode()  # fmt: skip
    assert "cannot be in the future" in page


def test_delete_is_refused_for_a_member_who_served(client, users, piếng):
    client.force_login(users[Role.LEADER])
    page = client.get(f"/teams/members/{piếng.pk}/delete/").content.decode()
    assert "never deleted" in page
    client.post(f"/teams/members/{piếng.pk}/delete/")
    assert Member.objects.filter(pk=piếng.pk).exists()


def test_a_member_entered_ahead_by_mistake_can_be_deleted(client, users, team):
    soon = make_member("Mùa A Sềnh", team, start=timezone.localdate() + timedelta(days=5))
    client.force_login(users[Role.LEADER])
    assert "Delete this member" in client.get(f"/teams/members/{soon.pk}/").content.decode()
    answer = client.post(f"/teams/members/{soon.pk}/delete/")
    assert answer.status_code == 302 and not Member.objects.filter(pk=soon.pk).exists()
    assert date.today  # the membership went with it
    assert not Membership.objects.filter(member_id=soon.pk).exists()
