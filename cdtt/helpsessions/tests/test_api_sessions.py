"""/api/v1/sessions/: plan (idempotent by the client's UUID), list scoped, sign up, attendance,
results (the same client id sent twice counts once)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.activities.models import Activity
from cdtt.factories import make_user
from cdtt.helpsessions.models import Session

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_plan_list_sign_up_attend_and_record(crew, tree):
    leader = api(crew["leader"])
    body = {
        "id": str(uuid.uuid4()),
        "teams": [crew["team"].pk],
        "village": tree["village"].pk,
        "date": timezone.localdate().isoformat(),
        "start": "07:30",
        "end": "11:00",
        "place": "Nhà văn hóa",
        "types": ["vneid_level2"],
        "weeks": 3,
    }
    made = leader.post("/api/v1/sessions/", body, format="json")
    assert made.status_code == 201, made.json()
    assert len(made.json()) == 3
    again = leader.post("/api/v1/sessions/", body, format="json")
    assert again.status_code == 200
    assert Session.objects.count() == 3
    pk = made.json()[0]["pk"]

    lan = api(crew["lan_user"])
    assert lan.get("/api/v1/sessions/").json()["count"] == 3
    assert lan.post(f"/api/v1/sessions/{pk}/sign-up/", {}, format="json").status_code == 200
    assigned = leader.post(
        f"/api/v1/sessions/{pk}/sign-up/", {"member": crew["minh"].pk}, format="json"
    )
    assert sorted(s["member_name"] for s in assigned.json()["seats"]) == [
        "Lường Văn Minh",
        "Quàng Thị Lan",
    ]
    present = leader.post(
        f"/api/v1/sessions/{pk}/attendance/",
        {"present": [crew["lan"].pk, crew["minh"].pk]},
        format="json",
    )
    assert {s["present"] for s in present.json()["seats"]} == {True}

    results = {
        "client_id": str(uuid.uuid4()),
        "results": [
            {
                "type": "vneid_level2",
                "people_helped": 25,
                "women": 12,
                "givers": [crew["lan"].pk, crew["minh"].pk],
            }
        ],
    }
    for _ in range(2):
        answer = lan.post(f"/api/v1/sessions/{pk}/results/", results, format="json")
        assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "held"
    assert sorted(Activity.objects.values_list("people_helped", flat=True)) == [12, 13]


def test_other_communes_do_not_see_and_members_cannot_plan(crew, tree, planned):
    stranger = make_user(Role.COMMUNE, tree["other_commune"], "stranger")
    assert api(stranger).get("/api/v1/sessions/").json()["count"] == 0
    assert api(stranger).get(f"/api/v1/sessions/{planned.pk}/").status_code == 404
    body = {
        "id": str(uuid.uuid4()),
        "teams": [crew["team"].pk],
        "village": tree["village"].pk,
        "date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "start": "07:30",
        "end": "11:00",
        "place": "Nhà văn hóa",
    }
    refused = api(crew["lan_user"]).post("/api/v1/sessions/", body, format="json")
    assert refused.status_code == 400
    assert "teams" in refused.json()


def test_results_before_the_day_are_refused(crew, planned):
    seat = api(crew["lan_user"]).post(f"/api/v1/sessions/{planned.pk}/sign-up/", {}, format="json")
    assert seat.status_code == 200
    answer = api(crew["lan_user"]).post(
        f"/api/v1/sessions/{planned.pk}/results/",
        {
            "client_id": str(uuid.uuid4()),
            "results": [{"type": "vneid_level2", "people_helped": 3, "givers": [crew["lan"].pk]}],
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "date" in answer.json()
