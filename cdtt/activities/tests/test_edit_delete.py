"""Members change or delete their own entries until the month is locked; every change is
audited with what it was before."""

import pytest
from django.urls import reverse

from cdtt.accounts.models import Role
from cdtt.activities.actions import (
    ActivityError,
    delete_activity,
    record_activity,
    update_activity,
)
from cdtt.activities.locks import lock_month
from cdtt.activities.models import Activity
from cdtt.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(world):
    return record_activity(world.users[Role.MEMBER], world.payload(), "web")[0]


def test_update_own_entry_is_audited_with_before_and_after(world, stored):
    actor = world.users[Role.MEMBER]
    update_activity(actor, stored, {"people_helped": 5, "type": "vssid", "member": 999})
    stored.refresh_from_db()
    assert (stored.people_helped, stored.type.code, stored.member) == (5, "vssid", world.member)
    entry = AuditEntry.objects.get(action="activity_updated")
    assert entry.before["people_helped"] == 3 and entry.after["people_helped"] == 5


def test_update_checks_the_same_rules(world, stored):
    with pytest.raises(ActivityError) as caught:
        update_activity(world.users[Role.MEMBER], stored, {"women": 9})
    assert caught.value.errors == {"women": ["9 is more than the count (3)."]}
    stored.refresh_from_db()
    assert stored.women == 1


def test_nothing_changes_once_the_month_is_locked(world, stored):
    lock_month(world.users[Role.COMMUNE], stored.team, stored.period)
    for attempt in [
        lambda: update_activity(world.users[Role.MEMBER], stored, {"people_helped": 4}),
        lambda: delete_activity(world.users[Role.MEMBER], stored),
    ]:
        with pytest.raises(ActivityError) as caught:
            attempt()
        assert "approved and locked by" in caught.value.errors["date"][0]
    assert Activity.objects.get().people_helped == 3


def test_an_entry_cannot_be_moved_into_a_locked_month(world, stored):
    lock_month(world.users[Role.COMMUNE], stored.team, "2025-03")
    with pytest.raises(ActivityError) as caught:
        update_activity(world.users[Role.MEMBER], stored, {"date": "2025-03-10"})
    assert "03/2025" in caught.value.errors["date"][0]


def test_delete_own_entry_keeps_it_in_the_audit_log(world, stored):
    pk = str(stored.pk)
    delete_activity(world.users[Role.MEMBER], stored)
    assert not Activity.objects.exists()
    entry = AuditEntry.objects.get(action="activity_deleted")
    assert entry.object_id == pk and entry.before["id"] == pk and entry.before["people_helped"] == 3


def test_a_member_cannot_change_a_mates_entry_but_the_leader_can(world, client):
    mates = record_activity(world.users[Role.LEADER], world.payload(member=world.mate.pk), "web")[0]
    with pytest.raises(ActivityError):
        update_activity(world.users[Role.MEMBER], mates, {"people_helped": 1})
    client.force_login(world.users[Role.MEMBER])
    assert client.get(reverse("activities:edit", args=[mates.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=[mates.pk])).status_code == 403
    assert update_activity(world.users[Role.LEADER], mates, {"people_helped": 2}).people_helped == 2


def test_edit_and_delete_pages(world, stored, client):
    client.force_login(world.users[Role.MEMBER])
    url = reverse("activities:edit", args=[stored.pk])
    page = client.get(url).content.decode()
    assert 'value="3"' in page and "VNeID level-2 activation" in page
    data = {
        "type": "cashless",
        "village": world.tree["village"].pk,
        "date": stored.date.isoformat(),
        "people_helped": 6,
        "women": "",
        "ethnic_minority": 2,
        "elderly": "",
        "households_without_smartphone": "",
        "note": "chợ phiên",
    }
    answer = client.post(url, data)
    assert answer.status_code == 302 and answer["Location"] == reverse("activities:entry")
    stored.refresh_from_db()
    assert (stored.type.code, stored.people_helped, stored.women, stored.note) == (
        "cashless",
        6,
        0,
        "chợ phiên",
    )
    bad = client.post(url, {**data, "people_helped": 1})
    assert bad.status_code == 400 and "2 is more than the count (1)." in bad.content.decode()
    assert client.get(reverse("activities:delete", args=[stored.pk])).status_code == 200
    assert client.post(reverse("activities:delete", args=[stored.pk])).status_code == 302
    assert not Activity.objects.exists()


def test_locked_entries_show_no_edit_links_and_the_pages_refuse(world, stored, client):
    lock_month(world.users[Role.COMMUNE], stored.team, stored.period)
    client.force_login(world.users[Role.MEMBER])
    page = client.get(reverse("activities:entry")).content.decode()
    if stored.period.first_day.month == stored.date.today().month:
        assert reverse("activities:edit", args=[stored.pk]) not in page
    answer = client.post(reverse("activities:delete", args=[stored.pk]))
    assert answer.status_code == 400 and "approved and locked" in answer.content.decode()
    assert Activity.objects.exists()
