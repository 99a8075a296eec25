"""A person known in another subtree: never reached through her phone (issue 18, finding 1).

Mai is on the team of a village of commune A; her phone is public on the directory. A
leader and an officer of commune B try to pull her into their team through the API, the
page and the import: each is refused with one message that says nothing more than "taken",
the same whatever name is typed, and not one of her fields is returned or changed. Once an
officer over both communes has put her on B's team, her own record is kept by officers over
all her teams; B's leader changes only his team's membership row. Audit entries about her go
to her communes, not to the actor's.
"""

from datetime import date

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member, make_team, make_user, make_xlsx
from cdtt.teams.actions import add_member, snapshot
from cdtt.teams.imports import COLUMNS, import_members
from cdtt.teams.models import Member, Membership, TeamRole

pytestmark = pytest.mark.django_db

PHONE = "0912111222"
TAKEN = "This phone number is already in use. Ask the commune officer to add this person."
HER = ("Lò Thị Mai", "Thái", "1990", "0912111222", "0912 111 222")  # what must not come back


@pytest.fixture
def mai(tree):
    team_a = make_team(tree["village"])
    return make_member("Lò Thị Mai", team_a, phone=PHONE, phone_public=True, birth_year=1990,
                       gender="female", ethnicity="Thái", affiliation="women_union")  # fmt: skip


@pytest.fixture
def team_b(tree):
    team = make_team(tree["cousin_village"])
    make_member("Cà Văn Ơn", team, TeamRole.LEADER, phone="0912333444")
    return team


@pytest.fixture
def leader_b(tree):
    return make_user(Role.LEADER, tree["cousin_village"], "leader-b")


@pytest.fixture
def api():
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def unchanged(mai, before) -> bool:
    mai.refresh_from_db()
    return snapshot(mai) == before and list(mai.memberships.values_list("team__unit", flat=True))


def test_the_api_refuses_a_foreign_phone_saying_nothing_about_her(api, mai, team_b, leader_b):
    before = snapshot(mai)
    api.force_authenticate(leader_b)
    answers = [
        api.post("/api/v1/members/", {"full_name": name, "phone": "+84 912 111 222",
                                      "team": team_b.pk, "skills": ["scams"]}, format="json")
        for name in ("Lò Thị Mai", "Someone Else")
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json() == {"phone": [TAKEN]}  # the name changes nothing
    assert not any(value in answers[0].content.decode() for value in HER[1:])
    assert not Membership.objects.filter(team=team_b, member=mai).exists()
    assert unchanged(mai, before) and mai.skills == []
    assert api.patch(f"/api/v1/members/{mai.pk}/", {"ethnicity": "Kinh"},
                     format="json").status_code == 404  # fmt: skip
    assert api.get("/api/v1/members/", {"phone": PHONE}).json()["results"] == []
    # The number of one of his own members changed to hers: refused the same way.
    ơn = Member.objects.get(phone="0912333444")
    moved = api.patch(f"/api/v1/members/{ơn.pk}/", {"phone": PHONE}, format="json")
    assert moved.status_code == 400 and moved.json() == {"phone": [TAKEN]}
    fresh = api.post("/api/v1/members/", {"full_name": "Lò Văn Mới", "phone": "0912555666",
                                          "team": team_b.pk}, format="json")  # fmt: skip
    assert fresh.status_code == 201  # an unknown number is simply added


def test_the_page_refuses_a_foreign_phone_saying_nothing_about_her(client, mai, team_b, tree):
    before = snapshot(mai)
    officer_b = make_user(Role.COMMUNE, tree["sibling_commune"], "officer-b")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for user, who in [(make_user(Role.LEADER, tree["cousin_village"]), "the commune officer"),
                      (officer_b, "the province officer")]:  # fmt: skip
        client.force_login(user)
        pages = [
            client.post(f"/teams/{team_b.pk}/members/new/", {
                "full_name": name, "phone": "0912 111 222", "role": "member",
                "start": date.today().isoformat(), "skills": ["scams"], "gender": "female",
            }).content.decode()
            for name in ("Lò Thị Mai", "Someone Else")
        ]  # fmt: skip
        for page in pages:
            assert f"This phone number is already in use. Ask {who} to add this person." in page
            assert "belongs to another member" not in page
            assert "Thái" not in page and "1990" not in page
    assert not Membership.objects.filter(team=team_b, member=mai).exists()
    assert unchanged(mai, before)


def test_the_import_refuses_a_foreign_phone_saying_nothing_about_her(mai, team_b, tree):
    before = snapshot(mai)
    officer_b = make_user(Role.COMMUNE, tree["sibling_commune"], "officer-b")
    for name in ("Lò Thị Mai", "Someone Else"):
        row = ["1", name, 1990, "Nữ", "Kinh", PHONE, "Hội Phụ nữ", "Thành viên",
               tree["sibling_commune"].code, "Bản Co Muông"]  # fmt: skip
        for dry_run in (True, False):
            result = import_members(make_xlsx(COLUMNS, [row]), officer_b,
                                    within=tree["sibling_commune"], dry_run=dry_run)  # fmt: skip
            assert not result.ok and not result.planned
            assert [(e.column, e.message) for e in result.errors] == [
                ("Số điện thoại", "This phone number is already in use. Ask the province "
                                  "officer to add this person.")
            ]  # fmt: skip
    assert not Membership.objects.filter(team=team_b, member=mai).exists()
    assert unchanged(mai, before) and mai.ethnicity == "Thái"


def test_an_officer_over_both_communes_puts_her_on_the_team(client, mai, team_b, tree, users):
    """The way a person joins a team of another commune: the officer whose subtree holds
    both. Blanks of her record are filled, audited in her communes, and nothing else."""
    client.force_login(users[Role.PROVINCE])
    answer = client.post(f"/teams/{team_b.pk}/members/new/", {
        "full_name": "lò thị mai", "phone": "0912111222", "role": "member",
        "start": date.today().isoformat(), "skills": ["vssid"], "ethnicity": "Kinh",
    })  # fmt: skip
    assert answer.status_code == 302
    mai.refresh_from_db()
    assert mai.skills == ["vssid"] and mai.ethnicity == "Thái"  # blanks filled, nothing overwritten
    assert set(mai.memberships.values_list("team", flat=True)) == {
        team_b.pk, tree["village"].team.pk
    }  # fmt: skip
    update = AuditEntry.objects.filter(object_type="teams.member", action="update")
    assert sorted(update.values_list("orgunit_path", flat=True)) == sorted(
        [tree["village"].path, tree["cousin_village"].path]
    )  # one entry in each of her communes
    joined = AuditEntry.objects.get(object_type="teams.membership", action="create")
    assert joined.orgunit_path == tree["cousin_village"].path


@pytest.fixture
def shared(mai, team_b, users):
    """Mai on the teams of two communes, as the province officer put her."""
    add_member(users[Role.PROVINCE], team_b, full_name="Lò Thị Mai", phone=PHONE)
    return mai


def test_her_record_is_kept_by_officers_over_all_her_teams(api, client, shared, leader_b, users,
                                                          tree):  # fmt: skip
    before = snapshot(shared)
    leader_a = users[Role.LEADER]  # the leader account of her village in commune A
    officer_a = users[Role.COMMUNE]
    for user in (leader_b, leader_a, officer_a):
        api.force_authenticate(user)
        answer = api.patch(f"/api/v1/members/{shared.pk}/", {"full_name": "Lò Thị Mại"},
                           format="json")  # fmt: skip
        assert answer.status_code == 403, user
        client.force_login(user)
        assert client.get(f"/teams/members/{shared.pk}/edit/").status_code == 403
        assert client.get(f"/teams/members/{shared.pk}/trainings/new/").status_code == 403
        page = client.get(f"/teams/members/{shared.pk}/").content.decode()
        assert "Edit details and skills" not in page
    assert unchanged(shared, before)
    # Each leader still changes his own team's row: B's leader ends her membership in B.
    client.force_login(leader_b)
    row = shared.memberships.get(team__unit=tree["cousin_village"])
    answer = client.post(f"/teams/memberships/{row.pk}/", {"action": "role", "role": "deputy"})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.role == TeamRole.DEPUTY
    # The province officer, over both, changes her record.
    api.force_authenticate(users[Role.PROVINCE])
    answer = api.patch(f"/api/v1/members/{shared.pk}/", {"full_name": "Lò Thị Mại"},
                       format="json")  # fmt: skip
    assert answer.status_code == 200 and answer.json()["full_name"] == "Lò Thị Mại"
    paths = AuditEntry.objects.filter(object_type="teams.member", action="update").values_list(
        "orgunit_path", flat=True
    )
    assert sorted(paths) == sorted([tree["village"].path, tree["cousin_village"].path])


def test_once_she_left_one_commune_the_other_keeps_her_record(api, shared, users, tree):
    """Memberships in force decide: when her team in commune B has ended, commune A's
    officer keeps her record again."""
    row = shared.memberships.get(team__unit=tree["cousin_village"])
    Membership.objects.filter(pk=row.pk).update(start=date(2024, 1, 1), end=date(2024, 6, 30))
    api.force_authenticate(users[Role.COMMUNE])
    answer = api.patch(f"/api/v1/members/{shared.pk}/", {"birth_year": 1991}, format="json")
    assert answer.status_code == 200 and answer.json()["birth_year"] == 1991
