"""record_activities: a list written in one pass answers every item exactly as it would be
answered alone (same messages, idempotency, locks, scoping), writes one audit entry per
created activity, and writes all of them or nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities import actions
from cdtt.activities.actions import (
    ActivityConflict,
    ActivityError,
    record_activities,
    record_activity,
    wire,
)
from cdtt.activities.locks import lock_month, locked_message
from cdtt.activities.models import Activity
from cdtt.activities.signals import activities_changed
from cdtt.audit.models import AuditEntry
from cdtt.periods import Period

pytestmark = pytest.mark.django_db


def created_entries() -> dict[str, AuditEntry]:
    return {e.object_id: e for e in AuditEntry.objects.filter(action="activity_created")}


def test_each_item_is_answered_as_if_alone(world):
    leader = world.users[Role.LEADER]
    stored, _ = record_activity(leader, world.payload())
    other, _ = record_activity(leader, world.payload())
    own, mates = world.payload(), world.payload(member=world.mate.pk, note="  hai   cụ ")
    items = [
        own,
        world.payload(type="nope", people_helped=0),
        mates,
        world.payload(id=str(stored.pk), **{k: v for k, v in wire(stored).items() if k != "id"}),
        world.payload(id=str(other.pk), people_helped=9),
        "not an object",
        world.payload(id=""),
        dict(own),  # the same id twice in one list: the second is a resend
        {**mates, "people_helped": 2},  # …or a conflict when its content differs
    ]
    results = record_activities(leader, items, "api")

    assert len(results) == len(items)
    first, created = results[0]
    assert created and str(first.pk) == own["id"] and first.recorded_by == leader
    assert isinstance(results[1], ActivityError) and results[1].errors == {
        "type": ["“nope” is not an activity type in use."],
        "people_helped": ["0 is out of bounds: between 1 and 1000."],
    }
    assert results[2][1] is True and results[2][0].note == "hai cụ"
    assert results[3] == (stored, False)
    assert isinstance(results[4], ActivityConflict)
    assert results[5].errors == {"non_field_errors": ["An activity must be an object."]}
    assert results[6].errors == {
        "id": ["The activity's id (a UUID made by the client) is missing."]
    }
    assert results[7][0].pk == first.pk and results[7][1] is False
    assert isinstance(results[8], ActivityConflict)

    assert Activity.objects.count() == 4
    entries = created_entries()
    assert set(entries) == {str(a.pk) for a in Activity.objects.all()}
    for activity in (first, results[2][0]):
        entry = entries[str(activity.pk)]
        assert entry.after == wire(Activity.objects.get(pk=activity.pk))
        assert entry.actor == leader and entry.before is None
        assert entry.orgunit_path == world.teams["village"].unit.path


def test_refusals_carry_the_same_messages_as_one_at_a_time(world):
    member = world.users[Role.MEMBER]
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = [
        world.payload(member=world.mate.pk),  # not theirs to record
        world.payload(member=world.stranger.pk, team=world.teams["sibling_village"].pk),
        world.payload(village=world.tree["sibling_village"].pk, date=future),
        world.payload(date="2021-12-31", women=9, note="x" * 201),
        world.payload(member="abc", team=-1, village=None, source="fax"),
        world.payload(source="fax"),
    ]
    alone = []
    for data in refused:
        with pytest.raises(ActivityError) as caught:
            record_activity(member, data, "api")
        alone.append(caught.value.errors)
    together = record_activities(member, refused, "api")
    assert [r.errors for r in together] == alone
    assert all(messages for messages in alone)
    assert not Activity.objects.exists() and not AuditEntry.objects.exists()


def test_a_locked_month_refuses_its_items_and_not_the_others(world):
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    lock = lock_month(world.users[Role.COMMUNE], world.teams["village"], Period.of(last_month))
    inside, outside = world.payload(date=last_month.isoformat()), world.payload()
    results = record_activities(world.users[Role.MEMBER], [inside, outside], "api")
    assert results[0].errors == {"date": [locked_message(lock)]}
    assert results[1][1] is True
    assert list(Activity.objects.values_list("pk", flat=True)) == [results[1][0].pk]


def test_an_id_stored_meanwhile_by_another_request_is_answered_as_a_resend(world, monkeypatch):
    """Two copies of a batch at once: the second finds nothing stored, its insert then meets
    the first one's rows; those items are answered from the stored rows, the rest written."""
    actor = world.users[Role.MEMBER]
    same, changed, fresh = world.payload(), world.payload(), world.payload()
    record_activity(actor, same, "api")
    record_activity(actor, changed, "api")
    real, calls = actions._stored, []

    def not_yet(actor, ids):
        calls.append(1)
        return ({}, set()) if len(calls) == 1 else real(actor, ids)

    monkeypatch.setattr(actions, "_stored", not_yet)
    results = record_activities(actor, [same, {**changed, "people_helped": 5}, fresh], "api")
    assert results[0][1] is False and str(results[0][0].pk) == same["id"]
    assert isinstance(results[1], ActivityConflict)
    assert results[2][1] is True and str(results[2][0].pk) == fresh["id"]
    assert Activity.objects.count() == 3 and len(created_entries()) == 3


def test_a_failing_receiver_writes_none_of_the_list(world):
    def fail(**kwargs):
        raise RuntimeError("facts could not be written")

    activities_changed.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            record_activities(world.users[Role.MEMBER], [world.payload(), world.payload()])
    finally:
        activities_changed.disconnect(dispatch_uid="test-fail")
    assert not Activity.objects.exists() and not AuditEntry.objects.exists()


def test_the_queries_of_a_list_do_not_grow_with_its_length(world):
    leader = world.users[Role.LEADER]
    villages = [world.tree["village"].pk, world.teams["village"].unit.pk]
    types = ["vneid_level2", "vssid", "public_services"]

    def batch(size: int) -> list[dict]:
        return [
            world.payload(
                member=(world.member, world.mate)[n % 2].pk,
                village=villages[n % 2],
                type=types[n % 3],
            )
            for n in range(size)
        ]

    record_activities(leader, batch(2))  # the first write of a fact row inserts it
    with CaptureQueriesContext(connection) as small:
        record_activities(leader, batch(5))
    with CaptureQueriesContext(connection) as large:
        results = record_activities(leader, batch(50))
    assert all(created for _activity, created in results)
    assert len(large.captured_queries) == len(small.captured_queries)
