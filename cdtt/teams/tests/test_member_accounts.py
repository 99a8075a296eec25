"""Accounts for the members of teams: issued in bulk as a job that ends on the slips page,
and following the memberships (the last one ended, the account is closed; joining again
reopens it)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cdtt.accounts import codes
from cdtt.accounts.models import ActivationCode, Deactivation, Role, User
from cdtt.accounts.tokens import create_token
from cdtt.audit.models import AuditEntry
from cdtt.factories import PASSWORD, make_member, make_team, make_user
from cdtt.jobs.models import Job, State
from cdtt.notify.models import Delivery
from cdtt.teams.actions import add_membership, end_membership
from cdtt.teams.member_accounts import follow_everyone
from cdtt.teams.models import Member, TeamRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_team(tree, users):
    """Five people on the village's team: the leader (already active), three without an
    account, one without a phone."""
    team = make_team(tree["village"])
    leader = make_member("Quàng Văn Piếng", team, TeamRole.LEADER, phone="0912345678",
                         user=users[Role.LEADER])  # fmt: skip
    people = [
        make_member("Lường Thị Mai", team, phone="0987000001"),
        make_member("Lò Văn Ún", team, TeamRole.DEPUTY, phone="0987000002"),
        make_member("Giàng A Páo", team, phone="0987000003"),
        make_member("Vì Thị Dợ", team),
    ]
    return team, leader, people


def issue(client, actor, unit, teams, django_capture_on_commit_callbacks):
    client.force_login(actor)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/teams/accounts/{unit.pk}/", {"team": [t.pk for t in teams]})
    assert answer.status_code == 302
    return Job.objects.get(pk=answer["Location"].strip("/").split("/")[-1])


def test_a_commune_officer_issues_accounts_to_a_team_and_prints_the_slips(
    client, tree, users, village_team, django_capture_on_commit_callbacks
):
    team, leader, people = village_team
    job = issue(client, users[Role.COMMUNE], tree["village"], [team],
                django_capture_on_commit_callbacks)  # fmt: skip
    assert job.state == State.DONE
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "3 members got a code: print the slips." in page
    assert "Quàng Văn Piếng (already active)" in page and "Vì Thị Dợ (no phone number)" in page
    slips = client.get(job.result_url)
    assert "no-store" in slips["Cache-Control"]
    html = slips.content.decode()
    assert html.count('class="slip"') == 3
    for person in people[:3]:
        person.refresh_from_db()
        user = person.user
        assert user.username == user.phone == person.phone and not user.has_usable_password()
        code = codes.derive(ActivationCode.objects.get(user=user).seed)
        assert codes.spaced(code) in html and codes.address(code) in html
        assert person.full_name in html
    assert User.objects.get(phone="0987000002").role == Role.MEMBER  # the deputy
    assert User.objects.get(phone="0987000001").orgunit == tree["village"]
    assert people[3].user is None
    issued = AuditEntry.objects.filter(action="issue_code", actor=users[Role.COMMUNE])
    assert issued.count() == 3


def test_a_second_run_gives_new_codes_to_those_not_yet_activated(
    client, tree, users, village_team, django_capture_on_commit_callbacks
):
    team, _leader, people = village_team
    first = issue(client, users[Role.COMMUNE], tree["village"], [team],
                  django_capture_on_commit_callbacks)  # fmt: skip
    second = issue(client, users[Role.LEADER], tree["village"], [team],
                   django_capture_on_commit_callbacks)  # fmt: skip
    assert second.result["issued"] == 3
    assert User.objects.filter(phone__startswith="098700000").count() == 3  # no duplicates
    # The first run's slips are gone: their codes were replaced.
    assert client.get(first.result_url).content.decode().count('class="slip"') == 0


def test_slips_are_for_officers_who_may_see_those_members(
    client, tree, users, village_team, django_capture_on_commit_callbacks
):
    team, *_rest = village_team
    job = issue(client, users[Role.COMMUNE], tree["village"], [team],
                django_capture_on_commit_callbacks)  # fmt: skip
    stranger = make_user(Role.COMMUNE, tree["sibling_commune"], "can-bo-xa-ben")
    client.force_login(stranger)
    assert client.get(job.result_url).status_code == 404
    client.force_login(users[Role.MEMBER])
    assert client.get(job.result_url).status_code == 403


def test_codes_go_by_sms_where_it_is_configured(
    client, tree, users, village_team, settings, django_capture_on_commit_callbacks
):
    settings.SMS_ENABLED = True
    team, *_rest = village_team
    issue(client, users[Role.COMMUNE], tree["village"], [team], django_capture_on_commit_callbacks)
    sent = Delivery.objects.filter(channel="sms", status=Delivery.Status.SENT)
    assert sorted(sent.values_list("address", flat=True)) == [
        "0987000001", "0987000002", "0987000003"
    ]  # fmt: skip
    code = ActivationCode.objects.get(user__phone="0987000001")
    assert codes.spaced(codes.derive(code.seed)) in sent.get(address="0987000001").body


def test_a_leader_issues_for_their_own_team_only(
    client, tree, users, village_team, django_capture_on_commit_callbacks
):
    other = make_team(tree["sibling_village"])
    make_member("Cà Văn Inh", other, phone="0987000009")
    client.force_login(users[Role.LEADER])
    assert client.get(f"/teams/accounts/{tree['sibling_village'].pk}/").status_code == 404
    assert client.get(f"/teams/accounts/{tree['commune'].pk}/").status_code == 404
    assert "Bản Huổi Lóng" in client.get(f"/teams/accounts/{tree['village'].pk}/").content.decode()


def test_the_whole_commune_at_once(client, tree, users, village_team,
                                   django_capture_on_commit_callbacks):  # fmt: skip
    other = make_team(tree["sibling_village"])
    make_member("Cà Văn Inh", other, phone="0987000009")
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/teams/accounts/{tree['commune'].pk}/").content.decode()
    assert "Bản Huổi Lóng" in page and "Bản Nà Sáy" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/teams/accounts/{tree['commune'].pk}/", {"all": "1"})
    job = Job.objects.get(pk=answer["Location"].strip("/").split("/")[-1])
    assert job.result["issued"] == 4


def activated(member: Member) -> tuple[User, APIClient]:
    """Give the member an activated account with an API token; return it and its client."""
    user = make_user(Role.MEMBER, member.memberships.first().team.unit, f"u{member.pk}",
                     phone=member.phone)  # fmt: skip
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user, 'Điện thoại')}")
    return user, api


def test_ending_the_last_membership_closes_the_account_and_joining_again_reopens_it(
    client, tree, users, village_team
):
    team, _leader, people = village_team
    mai = people[0]
    user, api = activated(mai)
    assert api.get("/api/v1/orgunits/").status_code == 200
    end_membership(users[Role.COMMUNE], mai.memberships.get())
    user.refresh_from_db()
    assert not user.is_active and user.deactivated == Deactivation.MEMBERSHIP
    assert api.get("/api/v1/orgunits/").status_code == 401
    assert not client.login(username=user.username, password=PASSWORD)
    add_membership(users[Role.COMMUNE], team, mai, start=timezone.localdate() + timedelta(days=1))
    user.refresh_from_db()
    assert not user.is_active  # the new membership starts tomorrow
    other = make_team(tree["sibling_village"])
    add_membership(users[Role.COMMUNE], other, mai)
    user.refresh_from_db()
    assert user.is_active and user.deactivated == ""
    assert client.login(username=user.username, password=PASSWORD)


def test_an_account_closed_by_an_officer_stays_closed_when_the_member_joins(
    client, tree, users, village_team
):
    team, _leader, people = village_team
    user, _api = activated(people[1])
    client.force_login(users[Role.COMMUNE])
    client.post(f"/accounts/users/{user.pk}/deactivate/")
    add_membership(users[Role.COMMUNE], make_team(tree["sibling_village"]), people[1])
    user.refresh_from_db()
    assert not user.is_active and user.deactivated == Deactivation.OFFICER


def test_the_nightly_job_follows_memberships_that_end_or_begin(tree, users, village_team):
    team, _leader, people = village_team
    today = timezone.localdate()
    leaving, _api = activated(people[0])
    joining, _api = activated(people[2])
    people[0].memberships.update(end=today - timedelta(days=1))  # ended yesterday, planned
    people[2].memberships.update(start=today + timedelta(days=3))
    User.objects.filter(pk=joining.pk).update(is_active=False, deactivated="membership")
    assert follow_everyone() == (1, 0)
    assert follow_everyone(today + timedelta(days=3)) == (0, 1)
    leaving.refresh_from_db()
    joining.refresh_from_db()
    assert not leaving.is_active and joining.is_active
    assert follow_everyone(date(today.year, today.month, today.day)) == (1, 0)  # not yet begun


def test_the_command_runs_the_same_pass(tree, users, village_team):
    from io import StringIO

    from django.core.management import call_command

    _team, _leader, people = village_team
    leaving, _api = activated(people[0])
    people[0].memberships.update(end=timezone.localdate() - timedelta(days=2))
    out = StringIO()
    call_command("follow_memberships", stdout=out)
    assert "closed: 1; reopened: 0" in out.getvalue()
    leaving.refresh_from_db()
    assert not leaving.is_active
