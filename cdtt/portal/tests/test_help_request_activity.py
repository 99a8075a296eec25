"""Marking a help request done links the activity it became (one in the same village)."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.portal.actions.help_requests import (
    HelpRequestError,
    assign,
    mark_done,
    submit_help_request,
)
from cdtt.portal.models import HelpStatus
from cdtt.teams.models import Member

pytestmark = pytest.mark.django_db


def helped(tree, users, member, village_key="village"):
    activity, _created = record_activity(users[Role.MEMBER], {
        "id": str(uuid.uuid4()), "member": member.pk, "team": member.memberships.get().team_id,
        "village": tree[village_key].pk, "date": timezone.localdate().isoformat(),
        "type": "vneid_level2", "people_helped": 1,
    })  # fmt: skip
    return activity


def test_the_member_picks_the_activity_on_the_queue_page(client, tree, users, team):
    help_request = submit_help_request(
        village=tree["village"],
        name="Lò Thị Hoa",
        phone="0912345679",
        topic="vneid",
        need="VNeID mức 2",
    )
    mai = Member.objects.get(user=users[Role.MEMBER])
    assign(users[Role.LEADER], help_request, mai)
    activity = helped(tree, users, mai)
    client.force_login(users[Role.MEMBER])
    queue = client.get(reverse("portal:help_queue")).content.decode()
    assert str(activity.pk) in queue  # offered in the "activity it became" list
    client.post(reverse("portal:help_done"), {
        "request": help_request.pk, f"d{help_request.pk}-note": "Xong",
        f"d{help_request.pk}-activity": str(activity.pk),
    })  # fmt: skip
    help_request.refresh_from_db()
    assert help_request.status == HelpStatus.DONE and help_request.activity == activity


def test_an_activity_elsewhere_is_refused(tree, users, team):
    help_request = submit_help_request(
        village=tree["village"], name="A", phone="0912345679", topic="vssid", need="VssID"
    )
    mai = Member.objects.get(user=users[Role.MEMBER])
    assign(users[Role.LEADER], help_request, mai)
    other = helped(tree, users, mai)
    other.village = tree["sibling_village"]
    with pytest.raises(HelpRequestError):
        mark_done(users[Role.MEMBER], help_request, "", activity=other)
    help_request.refresh_from_db()
    assert help_request.status != HelpStatus.DONE
