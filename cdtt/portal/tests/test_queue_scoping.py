"""The help-request queue is scoped: a sibling subtree's requests do not exist (404)."""

import pytest
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.factories import make_user
from cdtt.portal.actions.help_requests import submit_help_request
from cdtt.portal.models import HelpRequest, HelpStatus
from cdtt.teams.models import Member, TeamRole

from .conftest import make_team

pytestmark = pytest.mark.django_db


def asked(village, name):
    return submit_help_request(
        village=village, name=name, phone="0912345679", topic="vneid", need=f"Nhu cầu {name}"
    )


@pytest.fixture
def requests(tree, team):
    return {
        "own": asked(tree["village"], "Người bản Huổi Lóng"),
        "sibling": asked(tree["sibling_village"], "Người bản Nà Sáy"),
        "cousin": asked(tree["cousin_village"], "Người bản Co Muông"),
    }


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        (Role.LEADER, {"own"}),
        (Role.MEMBER, {"own"}),
        (Role.COMMUNE, {"own", "sibling"}),
        (Role.PROVINCE, {"own", "sibling", "cousin"}),
        (Role.ADMIN, {"own", "sibling", "cousin"}),
    ],
)
def test_each_role_sees_its_subtree_only(client, users, requests, role, seen):
    client.force_login(users[role])
    page = client.get(reverse("portal:help_queue")).content.decode()
    shown = {key for key, r in requests.items() if r.name in page}
    assert shown == seen


def test_a_sibling_villages_request_cannot_be_assigned_or_closed(client, tree, users, requests):
    sibling = requests["sibling"]
    sibling_team = make_team(tree["sibling_village"], [("Cà Văn Hặc", TeamRole.MEMBER, None)])
    sibling_member = sibling_team.memberships.get().member
    client.force_login(users[Role.LEADER])
    answer = client.post(
        reverse("portal:help_assign"),
        {"request": sibling.pk, f"r{sibling.pk}-member": sibling_member.pk},
    )
    assert answer.status_code == 404
    assert client.post(reverse("portal:help_done"), {"request": sibling.pk}).status_code == 404
    assert client.post(reverse("portal:help_done"), {"request": "x"}).status_code == 404
    assert HelpRequest.objects.get(pk=sibling.pk).status == HelpStatus.NEW


def test_another_communes_officer_gets_404(client, tree, users, requests):
    client.force_login(make_user(Role.COMMUNE, tree["sibling_commune"], "pu-nhung"))
    own = requests["own"]
    helper = Member.objects.get(user=users[Role.MEMBER])
    answer = client.post(
        reverse("portal:help_assign"), {"request": own.pk, f"r{own.pk}-member": helper.pk}
    )
    assert answer.status_code == 404
    assert "Người bản Huổi Lóng" not in client.get(reverse("portal:help_queue")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, requests):
    answer = client.get(reverse("portal:help_queue"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
