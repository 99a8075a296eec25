"""Outside one's subtree an activity, a member or a team does not exist: 404 on every page
and API route of the activity log, whatever id is guessed."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling_entry(world):
    """An activity of the sibling village's team, and a leader there."""
    leader = make_user(Role.LEADER, world.tree["sibling_village"], "sibling-leader")
    data = world.payload(member=world.stranger.pk, team=world.teams["sibling_village"].pk,
                         village=world.tree["sibling_village"].pk)  # fmt: skip
    return record_activity(leader, data, "web")[0]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER])
def test_pages_of_a_sibling_village_are_404(world, sibling_entry, client, role):
    client.force_login(world.users[role])
    assert client.get(reverse("activities:entry"), {"member": world.stranger.pk}).status_code == 404
    assert client.get(reverse("activities:month"), {"member": world.stranger.pk}).status_code == 404
    for name in ["activities:edit", "activities:delete"]:
        url = reverse(name, args=[sibling_entry.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"people_helped": 1}).status_code == 404
    assert (
        client.post(reverse("activities:entry") + f"?member={world.stranger.pk}").status_code == 404
    )


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.COMMUNE])
def test_api_routes_of_a_sibling_subtree_are_404(world, sibling_entry, role):
    user = world.users[role]
    if role == Role.COMMUNE:  # the commune officer's sibling is the other commune
        user = make_user(Role.COMMUNE, world.tree["sibling_commune"], "sibling-officer")
    client = APIClient()
    client.force_authenticate(user)
    hidden = (
        sibling_entry
        if role != Role.COMMUNE
        else record_activity(world.users[Role.MEMBER], world.payload(), "web")[0]
    )
    assert client.get(f"/api/v1/activities/{hidden.pk}/").status_code == 404
    listed = client.get("/api/v1/activities/").json()["results"]
    assert str(hidden.pk) not in {row["id"] for row in listed}
    team = hidden.team
    for name, value in [("member", hidden.member_id), ("team", team.pk),
                        ("subtree", team.unit_id)]:  # fmt: skip
        assert client.get("/api/v1/activities/", {name: value}).status_code == 404


def test_officers_see_their_whole_subtree(world, sibling_entry):
    client = APIClient()
    client.force_authenticate(world.users[Role.COMMUNE])
    listed = client.get("/api/v1/activities/").json()["results"]
    assert str(sibling_entry.pk) in {row["id"] for row in listed}
    outsider = make_user(Role.PROVINCE, world.tree["other_province"], "other-province")
    client.force_authenticate(outsider)
    assert client.get("/api/v1/activities/").json()["count"] == 0
    assert client.get(f"/api/v1/activities/{sibling_entry.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world, sibling_entry, client):
    for url in [reverse("activities:entry"), reverse("activities:month"),
                reverse("activities:edit", args=[sibling_entry.pk]),
                reverse("activities:delete", args=[sibling_entry.pk])]:  # fmt: skip
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert APIClient().get("/api/v1/activities/").status_code in (401, 403)
    assert APIClient().get("/api/v1/activity-types/").status_code in (401, 403)
