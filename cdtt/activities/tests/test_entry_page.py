"""The quick entry page: opens where the member last worked and on today, one big button per
frequent type, the month so far; works as a plain form without JavaScript too."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.models import Activity, ActivityType
from cdtt.teams.models import Membership

pytestmark = pytest.mark.django_db
URL = reverse("activities:entry")


def selected(page: str, name: str) -> str:
    select = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', page, re.S)[1]
    return re.search(r'<option value="(\d+)"[^>]*selected', select)[1]


def test_opens_on_today_with_big_buttons_for_frequent_types(world, client):
    client.force_login(world.users[Role.MEMBER])
    page = client.get(URL).content.decode()
    today = timezone.localdate().isoformat()
    assert f'name="date" value="{today}" max="{today}"' in page
    assert selected(page, "village") == str(world.tree["village"].pk)
    frequent = re.findall(
        r'<button type="submit" name="type" value="([a-z0-9_]+)" class="type"', page
    )
    assert frequent == list(
        ActivityType.objects.filter(frequent=True).values_list("code", flat=True)
    )
    assert 'name="people_helped" value="1"' in page and 'data-step="1"' in page
    assert 'rel="manifest"' in page and "activity-entry.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_opens_on_the_village_of_the_last_entry(world, client):
    Membership.objects.create(team=world.teams["commune"], member=world.member, start="2024-01-01")
    officer = world.users[Role.COMMUNE]
    record_activity(
        officer,
        world.payload(team=world.teams["commune"].pk, village=world.tree["sibling_village"].pk),
        "web",
    )
    client.force_login(world.users[Role.MEMBER])
    page = client.get(URL).content.decode()
    # The member's own account sees the village team only (the commune team is above it).
    assert selected(page, "village") == str(world.tree["village"].pk)
    client.force_login(officer)
    page = client.get(URL, {"member": world.member.pk}).content.decode()
    assert selected(page, "team") == str(world.teams["commune"].pk)
    assert selected(page, "village") == str(world.tree["sibling_village"].pk)


def test_a_tap_without_javascript_saves_and_comes_back(world, client):
    client.force_login(world.users[Role.MEMBER])
    form_id = str(uuid.uuid4())
    data = {"id": form_id, "member": world.member.pk, "team": world.teams["village"].pk,
            "village": world.tree["village"].pk, "date": timezone.localdate().isoformat(),
            "people_helped": "2", "women": "", "ethnic_minority": "", "elderly": "",
            "households_without_smartphone": "", "note": "", "type": "vssid"}  # fmt: skip
    answer = client.post(URL, data, follow=True)
    assert answer.redirect_chain == [(URL, 302)]
    activity = Activity.objects.get()
    assert (str(activity.pk), activity.type.code, activity.people_helped) == (form_id, "vssid", 2)
    assert activity.source == "web" and activity.recorded_by == world.users[Role.MEMBER]
    page = answer.content.decode()
    assert "Saved: VssID, 2." in page
    month = page[page.index('id="month"') :]
    assert "VssID" in month and reverse("activities:edit", args=[activity.pk]) in month
    # The same form sent twice (a double tap) stores it once.
    client.post(URL, data)
    assert Activity.objects.count() == 1


def test_errors_are_shown_on_the_page(world, client):
    client.force_login(world.users[Role.MEMBER])
    data = {"id": str(uuid.uuid4()), "member": world.member.pk, "team": world.teams["village"].pk,
            "village": world.tree["village"].pk, "date": "2099-01-01", "people_helped": "1",
            "type": "vssid"}  # fmt: skip
    answer = client.post(URL, data)
    assert answer.status_code == 400 and "01/01/2099 is in the future." in answer.content.decode()
    assert not Activity.objects.exists()


def test_the_month_so_far(world, client):
    leader = world.users[Role.LEADER]
    today = timezone.localdate().isoformat()
    for count, code in [(3, "vssid"), (2, "vssid"), (4, "cashless")]:
        record_activity(leader, world.payload(date=today, type=code, people_helped=count,
                                              women=0, ethnic_minority=0), "web")  # fmt: skip
    record_activity(leader, world.payload(member=world.mate.pk, date=today), "web")
    client.force_login(world.users[Role.MEMBER])
    page = client.get(reverse("activities:month")).content.decode()
    facts = re.findall(r"<dd>(\d+)</dd>", page)
    assert facts == ["3", "9", "1"]  # entries, counted in all, days active
    assert page.count("/edit/") == 3 and "Lò Văn Páo" not in page and "Cashless payment" in page


def test_a_leader_records_for_a_member_from_the_members_page(world, client):
    client.force_login(world.users[Role.LEADER])
    page = client.get(URL, {"member": world.mate.pk}).content.decode()
    assert "For Lò Văn Páo" in page and f'name="member" value="{world.mate.pk}"' in page
    data = {"id": str(uuid.uuid4()), "member": world.mate.pk, "team": world.teams["village"].pk,
            "village": world.tree["village"].pk, "date": timezone.localdate().isoformat(),
            "people_helped": "1", "type": "cashless"}  # fmt: skip
    answer = client.post(f"{URL}?member={world.mate.pk}", data)
    assert answer["Location"] == f"{URL}?member={world.mate.pk}"
    assert Activity.objects.get().member == world.mate


def test_an_account_without_a_member_is_told_so(world, client):
    client.force_login(world.users[Role.COMMUNE])
    page = client.get(URL).content.decode()
    assert "not linked to a team member" in page


def test_a_member_without_a_current_team_has_no_form(world, client):
    Membership.objects.filter(member=world.member).update(end="2023-12-31")
    client.force_login(world.users[Role.MEMBER])
    page = client.get(URL).content.decode()
    assert 'id="entry"' not in page and "There is no team" in page


def test_a_long_month_lists_the_newest_entries_and_offers_the_rest(world, client):
    leader = world.users[Role.LEADER]
    today = timezone.localdate().isoformat()
    for count in range(1, 26):
        record_activity(leader, world.payload(date=today, type="vssid", people_helped=count,
                                              women=0, ethnic_minority=0), "web")  # fmt: skip
    client.force_login(world.users[Role.MEMBER])
    page = client.get(URL).content.decode()
    assert re.findall(r"<dd>(\d+)</dd>", page)[:2] == ["25", "325"]  # all counted
    assert page.count("/edit/") == 20
    assert 'href="/activities/?all=1#month"' in page and "25" in page
    everything = client.get(URL, {"all": "1"}).content.decode()
    assert everything.count("/edit/") == 25 and "all=1#month" not in everything
