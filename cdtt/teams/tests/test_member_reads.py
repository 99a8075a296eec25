"""What a member reads about her teammates, on pages, exports and the API alike (issue 18,
finding 5; the rule is written in cdtt/teams/access.py and docs/security.md):

- their name and role: yes;
- their phone: only when they agreed to show it publicly;
- their figures, words and details: no. Her own: all of them.

A member who leads the team (its deputy) reads the team's work, as do leader accounts and
officers. Each row of the matrix is one surface: who looks, at what, the status, what the
answer must hold and what it must not.
"""

from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.factories import make_member, make_team, make_user
from cdtt.periods import Period
from cdtt.reports.actions import get_or_start_report, submit_report
from cdtt.teams.actions import add_training
from cdtt.teams.models import TeamRole

pytestmark = pytest.mark.django_db

PAO_PHONE, SON_PHONE = "0912000101", "0912000102"
# What must never reach a plain member about Páo: his phone (not public), birth year,
# ethnicity, affiliation note, skill, training, the words of his report, his activity note.
# (His age, not his birth year: four digits may turn up in a page's random CSRF token.)
PAO_PRIVATE = [PAO_PHONE, "0912 000 101", "years old", "Mông", "Trưởng bản", "VSSID",
               "Tập huấn VNeID", "Thiếu sóng ở bản", "ghi chú của Páo"]  # fmt: skip


@pytest.fixture
def world(tree, users):
    month = Period.of(timezone.localdate()).previous()
    team = make_team(tree["village"])
    make_member("Quàng Văn Piếng", team, TeamRole.LEADER, user=users[Role.LEADER])
    mai = make_member("Lường Thị Mai", team, user=users[Role.MEMBER], phone="0912000100")
    pao_user = make_user(Role.MEMBER, tree["village"], "pao")
    pao = make_member("Giàng A Páo", team, phone=PAO_PHONE, birth_year=1961, ethnicity="Mông",
                      affiliation="village_head", affiliation_note="Trưởng bản",
                      skills=["vssid"], user=pao_user)  # fmt: skip
    son = make_member("Lò Văn Sơn", team, phone=SON_PHONE, phone_public=True)
    deputy = make_member("Cà Thị Dung", team, TeamRole.DEPUTY,
                         user=make_user(Role.MEMBER, tree["village"], "dung"))  # fmt: skip
    add_training(None, pao, day=date(2025, 3, 1), topic="Tập huấn VNeID")
    day = month.first_day.replace(day=5).isoformat()
    activity, _created = record_activity(users[Role.LEADER], {
        "id": "5b0c7e1a-0000-4000-8000-000000000001", "member": pao.pk, "team": team.pk,
        "village": tree["village"].pk, "date": day, "type": "vneid_level2",
        "people_helped": 2, "note": "ghi chú của Páo",
    })  # fmt: skip
    report = get_or_start_report(team, pao, month)
    submit_report(pao.user, report, "Thiếu sóng ở bản", "")
    return {"team": team, "mai": mai, "pao": pao, "son": son, "deputy": deputy,
            "activity": activity, "report": report, "month": month}  # fmt: skip


def viewer(users, world, who):
    return {"member": users[Role.MEMBER], "deputy": world["deputy"].user,
            "leader": users[Role.LEADER]}[who]  # fmt: skip


# (who, url, status, must hold, must not hold); {team}, {pao}… are filled from the world.
PAGES = [
    ("member", "/teams/{team}/", 200, ["Giàng A Páo", "Member (thành viên)", "0912 000 102"],
     PAO_PRIVATE),
    ("member", "/teams/members/{pao}/", 200, ["Giàng A Páo", "Member (thành viên)"],
     PAO_PRIVATE),
    ("member", "/activities/?member={pao}", 403, [], PAO_PRIVATE),
    ("member", "/reports/team/{team}/{month}/", 403, [], PAO_PRIVATE),
    ("member", "/reports/unit/{village}/{month}/", 403, [], PAO_PRIVATE),
    ("member", "/reports/unit/{village}/{month}/export.xlsx", 403, [], []),
    ("member", "/reports/unit/{village}/{month}/export.docx", 403, [], []),
    ("member", "/dashboard/team/{team}/", 403, [], PAO_PRIVATE),
    ("member", "/dashboard/team/{team}/members.xlsx", 403, [], []),
    ("member", "/dashboard/member/{pao}/", 403, [], PAO_PRIVATE),
    # Her own month and entries: hers to read.
    ("member", "/reports/my/{month}/", 200, ["My monthly report"], PAO_PRIVATE),
    ("member", "/activities/", 200, [], PAO_PRIVATE),
    # Páo reads his own; the deputy and the leader read the team's work.
    ("pao", "/teams/members/{pao}/", 200, ["0912 000 101", "VSSID", "Tập huấn VNeID"], []),
    ("deputy", "/teams/members/{pao}/", 200, ["0912 000 101", "VSSID", "Tập huấn VNeID"], []),
    ("deputy", "/reports/team/{team}/{month}/", 200, ["Thiếu sóng ở bản"], []),
    ("deputy", "/activities/?member={pao}", 200, ["Giàng A Páo"], []),
    ("leader", "/reports/unit/{village}/{month}/", 200, ["Thiếu sóng ở bản"], []),
    ("leader", "/reports/unit/{village}/{month}/export.xlsx", 200, [], []),
]  # fmt: skip

API = [
    ("member", "/api/v1/members/{pao}/", 200,
     {"full_name": "Giàng A Páo", "phone": None, "birth_year": None, "gender": None,
      "ethnicity": None, "affiliation": None, "affiliation_note": None, "skills": [],
      "trainings": []}),
    ("member", "/api/v1/members/{son}/", 200, {"phone": SON_PHONE}),
    ("member", "/api/v1/members/?phone=" + PAO_PHONE, 200, {"count": 0}),
    ("member", "/api/v1/activities/?member={pao}", 200, {"count": 0}),
    ("member", "/api/v1/activities/{activity}/", 404, {}),
    ("member", "/api/v1/reports/{report}/", 404, {}),
    ("member", "/api/v1/reports/", 200, {"count": 0}),
    ("member", "/api/v1/completeness/?orgunit={village}&period={month}", 403, {}),
    ("member", "/api/v1/stats/?orgunit={village}", 403, {}),
    ("pao", "/api/v1/members/{pao}/", 200, {"phone": PAO_PHONE, "birth_year": 1961}),
    ("pao", "/api/v1/reports/{report}/", 200, {"difficulties": "Thiếu sóng ở bản"}),
    ("deputy", "/api/v1/members/{pao}/", 200, {"phone": PAO_PHONE, "skills": ["vssid"]}),
    ("deputy", "/api/v1/activities/{activity}/", 200, {"note": "ghi chú của Páo"}),
    ("deputy", "/api/v1/reports/{report}/", 200, {"difficulties": "Thiếu sóng ở bản"}),
]  # fmt: skip


def _url(template: str, world, tree) -> str:
    return template.format(
        team=world["team"].pk, pao=world["pao"].pk, son=world["son"].pk,
        village=tree["village"].pk, month=world["month"], activity=world["activity"].pk,
        report=world["report"].pk,
    )  # fmt: skip


def _user(users, world, who):
    return world["pao"].user if who == "pao" else viewer(users, world, who)


@pytest.mark.parametrize(("who", "url", "status", "holds", "lacks"), PAGES,
                         ids=[f"{r[0]}:{r[1]}" for r in PAGES])  # fmt: skip
def test_pages_and_exports(client, users, tree, world, who, url, status, holds, lacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(_user(users, world, who))
    answer = client.get(_url(url, world, tree))
    assert answer.status_code == status
    body = answer.content.decode(errors="replace")
    assert all(text in body for text in holds), [t for t in holds if t not in body]
    assert not [text for text in lacks if text in body]


@pytest.mark.parametrize(("who", "url", "status", "fields"), API,
                         ids=[f"{r[0]}:{r[1]}" for r in API])  # fmt: skip
def test_api(users, tree, world, who, url, status, fields):
    api = APIClient()
    api.force_authenticate(_user(users, world, who))
    answer = api.get(_url(url, world, tree))
    assert answer.status_code == status
    body = answer.json()
    assert {k: body.get(k) for k in fields} == fields
    if who == "member":
        text = answer.content.decode()
        assert not [value for value in PAO_PRIVATE if value in text]


def test_the_team_in_the_api_shows_only_public_phones_to_a_member(users, world):
    api = APIClient()
    api.force_authenticate(users[Role.MEMBER])
    team = api.get(f"/api/v1/teams/{world['team'].pk}/").json()
    phones = {m["member"]["full_name"]: m["member"]["phone"] for m in team["memberships"]}
    assert phones["Lò Văn Sơn"] == SON_PHONE and phones["Giàng A Páo"] is None
    assert phones["Lường Thị Mai"] == "0912000100"  # her own
    assert {m["role"] for m in team["memberships"]} == {"leader", "deputy", "member"}
