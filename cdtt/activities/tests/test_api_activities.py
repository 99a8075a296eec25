"""POST /api/v1/activities/ with one object or a list (each item answered on its own), and
GET with its filters, paginated and scoped."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.accounts.tokens import create_token
from cdtt.activities.actions import record_activity
from cdtt.activities.models import Activity

pytestmark = pytest.mark.django_db
URL = "/api/v1/activities/"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user)}")
    return client


def test_one_object_in_the_published_wire_format(world):
    data = world.payload()
    answer = api(world.users[Role.MEMBER]).post(URL, data, format="json")
    assert answer.status_code == 201
    body = answer.json()
    assert {k: body[k] for k in data} == data
    assert body["recorded_by"] == world.users[Role.MEMBER].pk


def test_a_list_is_answered_item_by_item(world):
    client = api(world.users[Role.MEMBER])
    stored = world.payload()
    client.post(URL, stored, format="json")
    good = world.payload()
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    items = [
        good,
        stored,  # identical resend
        {**stored, "people_helped": 7},  # another content under a stored id
        world.payload(date=future),
        world.payload(type="nope", people_helped=0),
        "not an object",
        world.payload(),
    ]
    answer = client.post(URL, items, format="json")
    assert answer.status_code == 200
    results = answer.json()
    assert [r["status"] for r in results] == [201, 200, 409, 400, 400, 400, 201]
    assert [r["id"] for r in results[:5]] == [i["id"] for i in items[:5]]
    assert results[0]["activity"]["id"] == good["id"] and "errors" not in results[0]
    assert results[3]["errors"]["date"][0].endswith("is in the future.")
    assert set(results[4]["errors"]) == {"type", "people_helped"}
    assert results[5] == {
        "id": None,
        "status": 400,
        "errors": {"non_field_errors": ["An activity must be an object."]},
    }
    assert Activity.objects.count() == 3
    assert Activity.objects.get(pk=stored["id"]).people_helped == 3


def test_an_empty_list_and_a_too_long_list(world):
    client = api(world.users[Role.MEMBER])
    assert client.post(URL, [], format="json").json() == []
    too_many = [world.payload() for _ in range(501)]
    answer = client.post(URL, too_many, format="json")
    assert answer.status_code == 400 and not Activity.objects.exists()


@pytest.mark.parametrize("body", ["text", 5, None, True])
def test_bodies_that_are_not_activities(world, body):
    answer = api(world.users[Role.MEMBER]).post(URL, body, format="json")
    assert answer.status_code == 400


def test_unauthenticated_posts_are_refused(world):
    assert APIClient().post(URL, world.payload(), format="json").status_code in (401, 403)
    assert not Activity.objects.exists()


@pytest.fixture
def log(world):
    """Five activities: three of the member, two of the mate, over two days and two types."""
    today = timezone.localdate()
    leader = world.users[Role.LEADER]
    days = [today - timedelta(days=n) for n in (0, 0, 40, 40, 3)]
    rows = [
        (world.member, days[0], "vneid_level2"),
        (world.member, days[1], "vssid"),
        (world.member, days[2], "vssid"),
        (world.mate, days[3], "cashless"),
        (world.mate, days[4], "vneid_level2"),
    ]
    return [
        record_activity(leader, world.payload(member=m.pk, date=d.isoformat(), type=t), "web")[0]
        for m, d, t in rows
    ]


def ids(answer) -> set[str]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_get_filters(world, log):
    client = api(world.users[Role.LEADER])
    every = {str(a.pk) for a in log}
    assert ids(client.get(URL)) == every
    assert ids(client.get(URL, {"member": world.member.pk})) == {str(a.pk) for a in log[:3]}
    assert ids(client.get(URL, {"team": world.teams["village"].pk})) == every
    assert ids(client.get(URL, {"subtree": world.tree["village"].pk})) == every
    assert ids(client.get(URL, {"type": "vssid"})) == {str(log[1].pk), str(log[2].pk)}
    recent = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert ids(client.get(URL, {"from": recent})) == {str(log[i].pk) for i in (0, 1, 4)}
    assert ids(client.get(URL, {"to": recent})) == {str(log[i].pk) for i in (2, 3)}
    both = {"from": recent, "to": recent, "member": world.mate.pk}
    assert ids(client.get(URL, both)) == set()


def test_get_is_paginated_newest_first(world, log):
    body = api(world.users[Role.LEADER]).get(URL).json()
    assert body["count"] == 5 and body["next"] is None and body["previous"] is None
    dates = [row["date"] for row in body["results"]]
    assert dates == sorted(dates, reverse=True)


def test_malformed_dates_are_400_and_ids_outside_the_subtree_404(world, log):
    client = api(world.users[Role.MEMBER])
    answer = client.get(URL, {"from": "yesterday"})
    assert answer.status_code == 400 and answer.json() == {
        "from": ["“yesterday” is not a date (YYYY-MM-DD)."]
    }
    for name, value in [
        ("member", world.stranger.pk),
        ("team", world.teams["sibling_village"].pk),
        ("subtree", world.tree["sibling_village"].pk),
        ("subtree", world.tree["commune"].pk),  # above the member's unit
    ]:
        assert client.get(URL, {name: value}).status_code == 404, (name, value)
    answer = client.get(URL, {"member": "abc"})  # not an id at all: malformed, 400
    assert answer.status_code == 400 and answer.json() == {"member": ["“abc” is not an id."]}


def test_detail_by_uuid(world, log):
    client = api(world.users[Role.MEMBER])
    assert client.get(f"{URL}{log[0].pk}/").json()["type"] == "vneid_level2"
    assert client.get(f"{URL}{uuid.uuid4()}/").status_code == 404
    assert client.get(f"{URL}not-a-uuid/").status_code == 404


def test_activity_types(world):
    client = api(world.users[Role.MEMBER])
    body = client.get("/api/v1/activity-types/").json()
    codes = [row["code"] for row in body["results"]]
    assert codes[:6] == ["vneid_level2", "vneid_features", "vssid", "public_services",
                         "cashless", "scam_awareness"]  # fmt: skip
    vssid = client.get("/api/v1/activity-types/public_services/").json()
    assert vssid["counts"] == "applications" and vssid["name_vi"] == "Nộp hồ sơ DVC trực tuyến"


def test_the_stored_activity_is_shown_as_the_generic_serializer_would(world):
    """ActivitySerializer builds its answer from the wire format, for speed; key for key it is
    what the ModelSerializer's field-by-field path gives, for a list as for one activity."""
    from rest_framework import serializers

    from cdtt.activities.api import ActivitySerializer

    record_activity(world.users[Role.MEMBER], world.payload(note="hai cụ"), "api")
    record_activity(world.users[Role.LEADER], world.payload(member=world.mate.pk), "offline")
    activities = list(Activity.objects.select_related("type"))
    generic = [
        dict(serializers.ModelSerializer.to_representation(ActivitySerializer(), a))
        for a in activities
    ]
    assert [dict(d) for d in ActivitySerializer(activities, many=True).data] == generic
    assert list(generic[0]) == ActivitySerializer.Meta.fields
    body = api(world.users[Role.LEADER]).get(f"{URL}{activities[0].pk}/").json()
    assert body == generic[0]
