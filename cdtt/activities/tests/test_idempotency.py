"""Writing is idempotent by the client's UUID: the same content again is the stored activity;
another content under a stored id is a conflict (409 in the API) and changes nothing."""

import pytest
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.activities.actions import ActivityConflict, record_activity
from cdtt.activities.locks import lock_month
from cdtt.activities.models import Activity
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_user

pytestmark = pytest.mark.django_db


def test_an_identical_resend_answers_with_the_stored_activity(world):
    actor = world.users[Role.MEMBER]
    data = world.payload()
    first, created = record_activity(actor, data, "api")
    again, created_again = record_activity(actor, dict(data), "api")
    assert created and not created_again and again.pk == first.pk
    assert Activity.objects.count() == 1 and AuditEntry.objects.count() == 1


def test_a_resend_with_equivalent_spelling_is_identical(world):
    actor = world.users[Role.MEMBER]
    data = world.payload(note="hai cụ")
    record_activity(actor, data, "api")
    same = {**data, "people_helped": "3", "member": str(data["member"]), "note": " hai  cụ ",
            "source": "web"}  # fmt: skip
    assert record_activity(actor, same, "api")[1] is False


@pytest.mark.parametrize(
    "change",
    [
        {"people_helped": 4},
        {"type": "vssid"},
        {"note": "khác"},
        {"women": 0},
        {"date": "2024-01-01"},
    ],
)
def test_another_content_under_the_same_id_is_a_conflict_and_changes_nothing(world, change):
    actor = world.users[Role.MEMBER]
    data = world.payload()
    stored, _ = record_activity(actor, data, "api")
    with pytest.raises(ActivityConflict) as caught:
        record_activity(actor, {**data, **change}, "api")
    assert caught.value.errors == {
        "id": [f"An activity with id {data['id']} is already stored with another content."]
    }
    stored.refresh_from_db()
    assert (stored.people_helped, stored.type.code, stored.note) == (3, "vneid_level2", "")
    assert Activity.objects.count() == 1 and AuditEntry.objects.count() == 1


def test_an_identical_resend_after_the_month_is_locked_still_answers_the_stored_one(world):
    actor = world.users[Role.MEMBER]
    data = world.payload()
    stored, _ = record_activity(actor, data, "api")
    lock_month(world.users[Role.COMMUNE], stored.team, stored.period)
    assert record_activity(actor, data, "api") == (stored, False)


def test_an_id_taken_outside_ones_subtree_is_a_conflict_that_reveals_nothing(world):
    data = world.payload()
    record_activity(world.users[Role.MEMBER], data, "api")
    outsider = make_user(Role.LEADER, world.tree["sibling_village"], "outsider")
    same_id = world.payload(id=data["id"], member=world.stranger.pk,
                            team=world.teams["sibling_village"].pk,
                            village=world.tree["sibling_village"].pk)  # fmt: skip
    with pytest.raises(ActivityConflict):
        record_activity(outsider, same_id, "api")
    with pytest.raises(ActivityConflict):
        record_activity(outsider, data, "api")  # even the identical body: not theirs to see


def test_the_api_answers_201_then_200_then_409(world):
    client = APIClient()
    client.cookies["django_language"] = "en"
    client.force_authenticate(world.users[Role.MEMBER])
    data = world.payload()
    first = client.post("/api/v1/activities/", data, format="json")
    assert first.status_code == 201 and first.json()["id"] == data["id"]
    again = client.post("/api/v1/activities/", data, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    conflict = client.post("/api/v1/activities/", {**data, "people_helped": 9}, format="json")
    assert conflict.status_code == 409
    assert conflict.json() == {
        "id": [f"An activity with id {data['id']} is already stored with another content."]
    }
    assert Activity.objects.get().people_helped == 3
