"""API v1 teams and members: scoped reads, writes by the same rules, in the schema."""

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team
from cdtt.teams.models import Member, Team, TeamRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def team(tree):
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, TeamRole.LEADER, phone="0912000003", ethnicity="Thái")
    make_member("Lường Thị Mai", team, phone="0912000004")
    return team


def test_teams_list_and_detail_with_leader_and_members(api, users, team, tree):
    make_team(tree["cousin_village"])
    api.force_authenticate(users[Role.COMMUNE])
    listed = api.get("/api/v1/teams/").json()
    assert [t["unit_name"] for t in listed["results"]] == ["Bản Huổi Lóng"]
    detail = api.get(f"/api/v1/teams/{team.pk}/").json()
    assert detail["leader"] == {"id": detail["leader"]["id"], "full_name": "Quàng Văn Piếng",
                                "phone": "0912000003"}  # fmt: skip
    assert detail["members_count"] == 2 and detail["commune"] == tree["commune"].pk
    assert [m["role"] for m in detail["memberships"]] == ["leader", "member"]


def test_teams_are_404_outside_the_subtree(api, users, tree):
    api.force_authenticate(users[Role.LEADER])
    sibling = make_team(tree["sibling_village"])
    assert api.get(f"/api/v1/teams/{sibling.pk}/").status_code == 404
    assert api.get("/api/v1/teams/", {"subtree": tree["commune"].pk}).json()["count"] == 0


def test_creating_a_team_is_idempotent_and_scoped(api, users, tree):
    api.force_authenticate(users[Role.COMMUNE])
    first = api.post("/api/v1/teams/", {"unit": tree["sibling_village"].pk}, format="json")
    assert first.status_code == 201
    again = api.post("/api/v1/teams/", {"unit": tree["sibling_village"].pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Team.objects.filter(unit=tree["sibling_village"]).count() == 1
    outside = api.post("/api/v1/teams/", {"unit": tree["cousin_village"].pk}, format="json")
    assert outside.status_code == 400 and "unit" in outside.json()
    province = api.post("/api/v1/teams/", {"unit": tree["province"].pk}, format="json")
    assert province.status_code == 400
    api.force_authenticate(users[Role.MEMBER])
    assert (
        api.post("/api/v1/teams/", {"unit": tree["village"].pk}, format="json").status_code == 403
    )


def test_members_list_filters_and_hides_ethnicity_from_non_managers(api, users, team):
    api.force_authenticate(users[Role.MEMBER])
    members = api.get("/api/v1/members/", {"team": team.pk}).json()["results"]
    assert [m["full_name"] for m in members] == ["Lường Thị Mai", "Quàng Văn Piếng"]
    assert all(m["ethnicity"] is None for m in members)
    # A teammate's phone is found only once she agreed to show it (access: what a member reads).
    assert api.get("/api/v1/members/", {"phone": "+84 912 000 003"}).json()["results"] == []
    Member.objects.filter(phone="0912000003").update(phone_public=True)
    found = api.get("/api/v1/members/", {"phone": "+84 912 000 003"}).json()["results"]
    assert [m["full_name"] for m in found] == ["Quàng Văn Piếng"]
    assert found[0]["phone"] == "0912000003" and found[0]["birth_year"] is None
    assert api.get("/api/v1/members/", {"q": "quang van"}).json()["count"] == 1
    api.force_authenticate(users[Role.LEADER])
    piếng = api.get("/api/v1/members/", {"q": "piếng"}).json()["results"][0]
    assert piếng["ethnicity"] == "Thái"
    assert piếng["memberships"][0]["team"] == team.pk


def test_creating_a_member_normalises_and_joins_by_phone(api, users, team, tree):
    api.force_authenticate(users[Role.COMMUNE])
    body = {"full_name": "  Lò  Văn Inh ", "phone": "84 912 000 005".replace(" ", ""),
            "birth_year": 1990, "gender": "male", "team": team.pk, "role": "deputy",
            "skills": ["vssid", "vneid"]}  # fmt: skip
    created = api.post("/api/v1/members/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["full_name"], data["phone"], data["skills"]) == (
        "Lò Văn Inh", "0912000005", ["vneid", "vssid"],
    )  # fmt: skip
    assert data["memberships"][0]["role"] == "deputy"
    commune_team = make_team(tree["commune"])
    joined = api.post("/api/v1/members/", {**body, "team": commune_team.pk, "role": "member"},
                      format="json")  # fmt: skip
    assert joined.status_code == 201 and joined.json()["id"] == data["id"]
    assert Member.objects.filter(phone="0912000005").count() == 1


def test_member_writes_answer_400_per_field(api, users, team):
    api.force_authenticate(users[Role.LEADER])
    body = {"full_name": "Lò Văn Sai", "phone": "0212345678", "birth_year": 1890, "team": team.pk}
    bad = api.post("/api/v1/members/", body, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"phone", "birth_year"}
    leader = api.post("/api/v1/members/", {"full_name": "Lò Văn Hai", "team": team.pk,
                                            "role": "leader"}, format="json")  # fmt: skip
    assert leader.status_code == 400 and "Quàng Văn Piếng" in str(leader.json())
    nowhere = api.post("/api/v1/members/", {"full_name": "Lò Văn Ba", "team": 10**12},
                       format="json")  # fmt: skip
    assert nowhere.status_code == 400 and "team" in nowhere.json()


def test_updating_a_member(api, users, team):
    mai = team.memberships.get(role=TeamRole.MEMBER).member
    api.force_authenticate(users[Role.LEADER])
    answer = api.patch(f"/api/v1/members/{mai.pk}/", {"birth_year": 1999, "skills": ["scams"]},
                       format="json")  # fmt: skip
    assert answer.status_code == 200 and answer.json()["birth_year"] == 1999
    mai.refresh_from_db()
    assert mai.skills == ["scams"]
    taken = api.patch(f"/api/v1/members/{mai.pk}/", {"phone": "0912000003"}, format="json")
    assert taken.status_code == 400 and "phone" in taken.json()
    api.force_authenticate(users[Role.MEMBER])
    assert api.patch(f"/api/v1/members/{mai.pk}/", {"birth_year": 1998},
                     format="json").status_code == 403  # fmt: skip


def test_members_are_404_outside_the_subtree(api, users, tree):
    cousin = make_member("Cà Văn Ơn", make_team(tree["cousin_village"]))
    api.force_authenticate(users[Role.COMMUNE])
    assert api.get(f"/api/v1/members/{cousin.pk}/").status_code == 404
    assert api.patch(f"/api/v1/members/{cousin.pk}/", {"birth_year": 1990},
                     format="json").status_code == 404  # fmt: skip
    assert api.get("/api/v1/members/", {"q": "Cà Văn Ơn"}).json()["count"] == 0
    api.force_authenticate(users[Role.PROVINCE])
    assert api.get(f"/api/v1/members/{cousin.pk}/").status_code == 200


def test_anonymous_callers_are_refused(api, team):
    assert api.get("/api/v1/teams/").status_code in (401, 403)
    assert api.get("/api/v1/members/").status_code in (401, 403)


def test_the_routes_are_in_the_schema(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ["/api/v1/teams/", "/api/v1/teams/{id}/", "/api/v1/members/",
                 "/api/v1/members/{id}/"]:  # fmt: skip
        assert f"{path}:" in text
    assert "TeamCreate" in text and "MemberCreate" in text
