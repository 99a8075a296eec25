"""Every role × (own subtree, a sibling subtree) × every page and API route.

Outside one's subtree an object does not exist: 404, whatever id is guessed. Inside it, a
role without the right gets 403. A new route must be added here: the last test fails for
any named route that the matrix does not cover.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cdtt.accounts.models import Role

pytestmark = pytest.mark.django_db

A, P, C, L, M = Role.ADMIN, Role.PROVINCE, Role.COMMUNE, Role.LEADER, Role.MEMBER
ROLES = [A, P, C, L, M]

# Where each role's user is bound, and the unit beside it that they must never see into.
HOME = {A: "province", P: "province", C: "commune", L: "village", M: "village"}
SIBLING = {A: "other_province", P: "other_province", C: "sibling_commune",
           L: "sibling_village", M: "sibling_village"}  # fmt: skip
# The unit of each level in the branch of a tree key (ancestor or first descendant).
BRANCH = {
    "province": {"province": "province", "commune": "commune", "village": "village"},
    "other_province": {"province": "other_province", "commune": "other_commune",
                       "village": "other_village"},
    "commune": {"province": "province", "commune": "commune", "village": "village"},
    "sibling_commune": {"province": "province", "commune": "sibling_commune",
                        "village": "cousin_village"},
    "village": {"province": "province", "commune": "commune", "village": "village"},
    "sibling_village": {"province": "province", "commune": "commune",
                        "village": "sibling_village"},
}  # fmt: skip


@dataclass
class Route:
    name: str
    level: str | None  # the level of the unit the URL names; None for URLs without an id
    expect: dict  # role -> (status in own subtree, status in the sibling subtree)
    target: str = "unit"  # what the id in the URL is: a unit, or an object belonging to it
    after: tuple = ()  # URL arguments after the id (a period…)
    query: str = ""  # a query string; "{unit}" stands for the unit's id
    method: str = "get"

    def url(self, tree, branch_key):
        if self.level is None:
            return reverse(self.name, args=self.after) + self.query
        unit = tree[BRANCH[branch_key][self.level]]
        if self.target == "query":
            return reverse(self.name, args=self.after) + self.query.format(unit=unit.pk)
        target = TARGETS[self.target](unit)  # an object, or a tuple: its ids in order
        ids = [t.pk for t in target] if isinstance(target, tuple) else [target.pk]
        return reverse(self.name, args=[*ids, *self.after]) + self.query.format(unit=unit.pk)


def _team(unit):
    from cdtt.factories import make_team

    return make_team(unit)


def _report(unit):
    from cdtt.factories import make_member
    from cdtt.reports.models import MonthlyReport

    team = _team(unit)
    member = make_member(f"Thành viên {unit.pk}", team)
    return MonthlyReport.objects.create(team=team, member=member, period=PERIOD)


def _member(unit):
    from cdtt.factories import make_member

    return make_member(f"Thành viên {unit.pk}", _team(unit))


def _activity(unit):
    from cdtt.activities.models import Activity, ActivityType

    member = _member(unit)
    return Activity.objects.create(
        member=member,
        team=member.memberships.get().team,
        village=unit,
        date="2026-10-15",
        type=ActivityType.objects.get(code="vneid_level2"),
        people_helped=2,
        source="web",
    )


def _membership(unit):
    return _member(unit).memberships.get()


def _training_session(unit):
    from cdtt.skills.models import TrainingSession

    return TrainingSession.objects.create(unit=unit, title="Tập huấn", date="2026-10-15",
                                          place="UBND")  # fmt: skip


# How to find, or make, the object a URL names from the unit of the branch.
TARGETS = {
    "unit": lambda unit: unit,
    "team": _team,
    "report": _report,
    "member": _member,
    "membership": _membership,
    "activity": _activity,
    "training_session": _training_session,
}
PERIOD = "2026-10"
ANY = "any"  # any answer but 404 and server errors


# Dashboard targets: a directive sent to the unit's team, a follow-up task of an inspection.
def _directive(unit):
    from cdtt.steering.models import Directive

    directive = Directive.objects.create(unit=unit, title="Chỉ đạo", text="Rà soát")
    directive.teams.add(_team(unit))
    return directive


def _follow_up(unit):
    from cdtt.steering.models import FollowUp, Inspection

    inspection = Inspection.objects.create(team=_team(unit), date="2026-10-01", findings="Ổn",
                                           assessment=3)  # fmt: skip
    return FollowUp.objects.create(inspection=inspection, task="Họp tổ", due_date="2026-10-15")


# A background job started by someone else: only its starter ever sees it.
def _job(unit):
    from cdtt.factories import make_user
    from cdtt.jobs.models import Job

    starter = make_user(Role.COMMUNE, unit, f"starter-{unit.pk}")
    return Job.objects.create(user=starter, kind="import_members", title="Nhập danh sách")


TARGETS.update({"directive": _directive, "follow_up": _follow_up, "job": _job})
# END dashboard targets


# Accounts: a member's account bound to the unit, the slips of a batch issued there, a token.
def _account(unit):
    from cdtt.factories import make_user

    return make_user(Role.MEMBER, unit, f"account-{unit.pk}")


def _batch(unit):
    from types import SimpleNamespace

    from cdtt.accounts.lifecycle import issue_code

    account = _account(unit)
    account.set_unusable_password()
    account.save()
    code = issue_code(None, account)
    code.batch = f"batch{unit.pk}"
    code.save()
    return SimpleNamespace(pk=code.batch)


def _token(unit):
    from cdtt.accounts.models import ApiToken
    from cdtt.accounts.tokens import create_token

    account = _account(unit)
    create_token(account, "Điện thoại")
    return ApiToken.objects.get(user=account)


TARGETS.update({"account": _account, "batch": _batch, "token": _token})


def _session(unit):
    from datetime import time

    from cdtt.helpsessions.models import Session

    session = Session.objects.create(
        unit=unit, village=unit, date="2030-01-06", start=time(8), end=time(11), place="Nhà văn hóa"
    )
    session.teams.set([_team(unit)])
    return session


TARGETS["session"] = _session


def _session_photo(unit):
    import uuid
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    from cdtt.helpsessions.models import SessionPhoto

    session = _session(unit)
    session.refresh_from_db()  # its date a date, not the text it was made with
    jpeg = BytesIO()
    Image.new("RGB", (8, 6), "blue").save(jpeg, "JPEG")
    photo = SessionPhoto(session=session, uuid=uuid.uuid4(), width=8, height=6)
    photo.image.save(f"matrix-{unit.pk}.jpg", ContentFile(jpeg.getvalue()), save=False)
    photo.width, photo.height = 8, 6
    photo.save()
    return session, photo


TARGETS["session_photo"] = _session_photo


def same(own, sibling=404, **overrides):
    """The same expectation for every role, with per-role overrides."""
    table = {role: (own, sibling) for role in ROLES}
    table[A] = (own, own)
    table.update({Role(k): v for k, v in overrides.items()})
    return table


TASK = ("vneid-muc-2",)  # a task of the seeded catalogue
OFFICERS_ONLY = {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}
ROUTES = [
    Route("skills:mine", None, {role: (200,) for role in ROLES}),
    Route("skills:set_level", None, {role: (405,) for role in ROLES}, after=TASK),
    Route("skills:course_add", None, {role: (405,) for role in ROLES}),
    Route("skills:learn", None, {role: (200,) for role in ROLES}, after=TASK),
    Route("skills:check", None, {role: (405,) for role in ROLES}, after=TASK),
    Route("skills:who_can_guide", None, {role: (200,) for role in ROLES}, after=TASK),
    Route("skills:member", "village", same(200, member=(403, 404)), "member"),
    Route("skills:confirm", "village", same(405, 405), "member", TASK),
    Route("skills:team", "village", same(200, member=(403, 404)), "team"),
    Route("skills:sessions", None, OFFICERS_ONLY),
    Route("skills:session_new", None, OFFICERS_ONLY),
    Route("skills:session", "commune", same(200, leader=(404, 404), member=(404, 404)),
          "training_session"),  # fmt: skip
    Route("skill-task-list", None, {role: (200,) for role in ROLES}),
    Route("skill-task-detail", None, {role: (200,) for role in ROLES}, after=TASK),
    Route("skill-level-list", None, {role: (200,) for role in ROLES}),
    Route("skill-confirmation-list", None, {role: (405,) for role in ROLES}),
    Route("skills:unit_figures", "commune", same(200, leader=(404, 404), member=(404, 404))),
    Route("orgunits:detail", "village", same(200)),
    Route("orgunits:detail", "commune", same(200, leader=(404, 404), member=(404, 404))),
    Route("orgunits:detail", "province",
          same(200, commune=(404, 404), leader=(404, 404), member=(404, 404))),
    Route("orgunit-detail", "village", same(200)),
    Route("orgunit-detail", "commune", same(200, leader=(404, 404), member=(404, 404))),
    Route("orgunit-detail", "province",
          same(200, commune=(404, 404), leader=(404, 404), member=(404, 404))),
    Route("orgunits:village_create", "commune",
          same(200, leader=(404, 404), member=(404, 404))),
    Route("orgunits:index", None, {A: (200,), P: (302,), C: (302,), L: (302,), M: (302,)}),
    Route("orgunits:village_import", None, {A: (200,), P: (200,), C: (200,), L: (403,),
                                            M: (403,)}),
    Route("audit:log", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("notify:list", None, {role: (200,) for role in ROLES}),
    Route("notify:mark_read", None, {role: (405,) for role in ROLES}),
    Route("orgunit-list", None, {role: (200,) for role in ROLES}),
    Route("teams:index", None, {role: (302,) for role in ROLES}),
    Route("teams:composition", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("teams:import", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("teams:import_template", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("teams:for_unit", "village", same(302)),
    Route("teams:for_unit", "commune", same(302, leader=(404, 404), member=(404, 404))),
    Route("teams:team", "village", same(200), "team"),
    Route("teams:team", "commune", same(200, leader=(404, 404), member=(404, 404)), "team"),
    Route("teams:member_add", "village", same(200, member=(403, 404)), "team"),
    Route("teams:member", "village", same(200), "member"),
    Route("teams:member_edit", "village", same(200, member=(403, 404)), "member"),
    Route("teams:member_delete", "village", same(200, member=(403, 404)), "member"),
    Route("teams:training_add", "village", same(200, member=(403, 404)), "member"),
    Route("teams:membership", "village", same(200, member=(403, 404)), "membership"),
    Route("team-list", None, {role: (200,) for role in ROLES}),
    Route("team-detail", "village", same(200), "team"),
    Route("member-list", None, {role: (200,) for role in ROLES}),
    Route("member-detail", "village", same(200), "member"),
    Route("activities:entry", None, {role: (200,) for role in ROLES}),
    # The month fragment is the signed-in member's own; these users are not members: 404.
    Route("activities:month", None, {role: (404,) for role in ROLES}),
    Route("activities:edit", "village", same(200, member=(403, 404)), "activity"),
    Route("activities:delete", "village", same(200, member=(403, 404)), "activity"),
    Route("activity-list", None, {role: (200,) for role in ROLES}),
    # A member reads her own figures and words only (teams.access): a teammate's are not
    # hers to read, and in the API's lists they do not exist for her.
    Route("activity-detail", "village", same(200, member=(404, 404)), "activity"),
    Route("activity-detail", "commune", same(200, leader=(404, 404), member=(404, 404)),
          "activity"),
    Route("activity-type-list", None, {role: (200,) for role in ROLES}),
    Route("activity-type-detail", None, {role: (200,) for role in ROLES},
          after=("vneid_level2",)),
    Route("reports:index", None, {role: (302,) for role in ROLES}),
    Route("reports:my", None, {role: (200,) for role in ROLES}, after=(PERIOD,)),
    Route("reports:team", "village", same(200, member=(403, 404)), "team", (PERIOD,)),
    Route("reports:team", "commune", same(200, leader=(404, 404), member=(404, 404)), "team",
          (PERIOD,)),
    Route("reports:unit", "village", same(200, member=(403, 404)), after=(PERIOD,)),
    Route("reports:unit", "commune", same(200, leader=(404, 404), member=(404, 404)),
          after=(PERIOD,)),
    Route("reports:unit", "province",
          same(200, commune=(404, 404), leader=(404, 404), member=(404, 404)), after=(PERIOD,)),
    # The leader's reminder is POSTed; several teams at once are for officers.
    Route("reports:remind", "village", same(405, 405), "team", (PERIOD,)),
    Route("reports:batch", None, {A: (302,), P: (302,), C: (302,), L: (403,), M: (403,)},
          after=(PERIOD,), query="?action=approve"),
    # Homes: login lands each role on its work; leaders and officers have a to-do.
    Route("home:landing", None, {role: (302,) for role in ROLES}),
    Route("home:todo", None, {A: (302,), P: (200,), C: (200,), L: (200,), M: (302,)}),
    Route("home:team_month", None, {role: (302,) for role in ROLES}),
    Route("reports:export", "commune", same(200, leader=(404, 404), member=(404, 404)),
          after=(PERIOD, "docx")),
    Route("reports:export", "village", same(200, member=(403, 404)), after=(PERIOD, "xlsx")),
    Route("report-list", None, {role: (200,) for role in ROLES}),
    Route("report-detail", "village", same(200, member=(404, 404)), "report"),
    Route("report-detail", "commune", same(200, leader=(404, 404), member=(404, 404)), "report"),
    # Actions are POSTed: outside the subtree 404; inside, whatever the workflow answers.
    Route("report-submit", "village", same(ANY, member=(404, 404)), "report", method="post"),
    Route("report-confirm", "village", same(ANY, member=(404, 404)), "report", method="post"),
    Route("report-return", "village", same(ANY, member=(404, 404)), "report", method="post"),
    Route("api-team-month-approve", "village", same(ANY), "team", (PERIOD,), method="post"),
    Route("api-team-month-unlock", "village", same(ANY), "team", (PERIOD,), method="post"),
    Route("api-completeness", "commune", same(200, leader=(404, 404), member=(404, 404)),
          "query", query="?orgunit={unit}&period=2026-10"),
    Route("api-completeness", "village", same(200, member=(403, 404)), "query",
          query="?orgunit={unit}&period=2026-10"),
    Route("api-root", None, {role: (200,) for role in ROLES}),
    # Dashboard: steering committees' figures (officers), team and member pages (leaders too).
    Route("api-stats", "commune", same(200, leader=(404, 404), member=(404, 404)), "query",
          query="?orgunit={unit}&from=2026-09&to=2026-10"),
    Route("api-stats", "village", same(200, leader=(403, 404), member=(403, 404)), "query",
          query="?orgunit={unit}"),
    Route("api-stats-list", "commune", same(200, leader=(404, 404), member=(404, 404)), "query",
          after=("inactive",), query="?orgunit={unit}&from=2026-09&to=2026-10"),
    Route("dashboard:index", None, {A: (200,), P: (302,), C: (302,), L: (302,), M: (302,)}),
    Route("dashboard:unit", "village", same(200, leader=(403, 404), member=(403, 404))),
    Route("dashboard:unit", "commune", same(200, leader=(404, 404), member=(404, 404))),
    Route("dashboard:unit", "province",
          same(200, commune=(404, 404), leader=(404, 404), member=(404, 404))),
    Route("dashboard:unit_table", "commune", same(200, leader=(404, 404), member=(404, 404)),
          after=("by_type", "csv")),
    Route("dashboard:unit_table", "village", same(200, leader=(403, 404), member=(403, 404)),
          after=("inactive", "xlsx")),
    Route("dashboard:team", "village", same(200, member=(403, 404)), "team"),
    Route("dashboard:team", "commune", same(200, leader=(404, 404), member=(404, 404)), "team"),
    Route("dashboard:team_table", "village", same(200, member=(403, 404)), "team",
          ("members", "xlsx")),
    Route("steering:inspection_new", "village", same(200, leader=(403, 404), member=(403, 404)),
          "team"),
    Route("steering:follow_up_done", "village", same(302, leader=(403, 404), member=(403, 404)),
          "follow_up", method="post"),
    Route("dashboard:member", "village", same(200, member=(403, 404)), "member"),
    Route("dashboard:member_table", "village", same(200, member=(403, 404)), "member",
          ("activities", "csv")),
    Route("steering:directives", None, {role: (200,) for role in ROLES}),
    Route("steering:directive_new", None, {A: (200,), P: (200,), C: (200,), L: (403,),
                                            M: (403,)}),
    Route("steering:directive", "village", same(200), "directive"),
    Route("steering:directive", "commune", same(200, leader=(404, 404), member=(404, 404)),
          "directive"),
    # Without a file the attachment is 404 everywhere; test_directives checks files' scoping.
    Route("steering:attachment", "village", same(404), "directive"),
    # END dashboard routes
    # Portal: the team's help-request queue (scoped inside), officers' news and comments.
    Route("portal:help_queue", None, {role: (200,) for role in ROLES}),
    Route("portal:help_assign", None, {role: (405,) for role in ROLES}),
    Route("portal:help_done", None, {role: (405,) for role in ROLES}),
    Route("portal:news_manage", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("portal:article_form", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("portal:moderation", None, {A: (200,), P: (200,), C: (200,), L: (403,), M: (403,)}),
    Route("portal:comment_moderate", None, {role: (405,) for role in ROLES}),
    Route("portal:keep_alive", None, {role: (200,) for role in ROLES}),
    Route("jobs:job", "commune", same(404, admin=(404, 404)), "job"),
    # Accounts: officers manage lower ranks of their subtree; a leader sees their unit's.
    Route("accounts:users", None, {A: (200,), P: (200,), C: (200,), L: (200,), M: (403,)}),
    Route("accounts:user_new", None, {A: (200,), P: (200,), C: (403,), L: (403,), M: (403,)}),
    Route("accounts:me", None, {role: (200,) for role in ROLES}),
    Route("accounts:password_change", None, {role: (200,) for role in ROLES}),
    Route("accounts:user", "village", same(200, member=(403, 404)), "account"),
    Route("accounts:user", "commune", same(200, leader=(404, 404), member=(404, 404)),
          "account"),
    Route("accounts:user_role", "village", same(200, leader=(403, 404), member=(403, 404)),
          "account"),
    Route("accounts:user_slip", "village", same(200, member=(403, 404)), "account"),
    Route("accounts:user_action", "village", same(302, member=(403, 404)), "account",
          after=("unlock",), method="post"),
    Route("accounts:slips", "village", same(200, member=(403, 404)), "batch"),
    Route("accounts:token_revoke", "village", same(302, member=(403, 404)), "token",
          method="post"),
    Route("teams:issue_accounts", "village", same(200, member=(403, 404))),
    Route("teams:issue_accounts", "commune", same(200, leader=(404, 404), member=(404, 404))),
    Route("user-list", None, {A: (200,), P: (200,), C: (200,), L: (200,), M: (403,)}),
    Route("user-detail", "village", same(200, member=(403, 404)), "account"),
    Route("user-code", "village", same(ANY), "account", method="post"),
    Route("user-unlock", "village", same(ANY), "account", method="post"),
    Route("user-deactivate", "village", same(ANY), "account", method="post"),
    Route("user-reactivate", "village", same(ANY), "account", method="post"),
    Route("user-role", "village", same(ANY), "account", method="post"),
    Route("api-token-device-list", None, {role: (200,) for role in ROLES}),
    Route("api-token-device-detail", "village", same(204, member=(403, 404)), "token",
          method="delete"),
    # Help sessions: their page and poster are public; planning is for leaders and officers;
    # the buttons are POSTed (outside the subtree 404); results by those who manage it.
    Route("helpsessions:list", None, {role: (200,) for role in ROLES}),
    Route("helpsessions:plan", None, {A: (200,), P: (200,), C: (200,), L: (ANY,), M: (403,)}),
    *(Route(f"helpsessions:{name}", "village", same(302), "session", method="post")
      for name in ("sign_up", "withdraw", "assign", "attendance", "cancel")),
    Route("helpsessions:results", "village", same(200, member=(404, 404)), "session"),
    Route("session-list", None, {role: (200,) for role in ROLES}),
    Route("session-detail", "village", same(200), "session"),
    *(Route(f"session-{name}", "village", same(ANY), "session", method="post")
      for name in ("sign-up", "attendance", "results", "photos")),
    # Its photos: only inside the app, to those who read the session (404 elsewhere).
    Route("helpsessions:photo", "village", same(200), "session_photo"),
    Route("helpsessions:photo_delete", "village", same(200, member=(403, 404)), "session_photo"),
    # A member list's preview: only its starter sees it; who may not import at all, 403.
    Route("teams:import_job", "commune",
          same(404, admin=(404, 404), leader=(403, 403), member=(403, 403)), "job"),
]  # fmt: skip
PUBLIC = {"pwa-manifest", "pwa-sw", "portal:home", "portal:text_size", "accounts:login",
          "accounts:logout", "set_language", "accounts:activate", "accounts:activate_en",
          "accounts:activate_password", "accounts:forgot", "accounts:forgot_en",
          "schema", "api-docs", "api-token",
          "portal:news", "portal:article", "portal:article_rate", "portal:article_comment",
          "portal:directory", "portal:directory_unit", "portal:guides", "portal:guide",
          "portal:help_ask", "portal:help_track", "portal:help_status",
          "portal:help_rate", "portal:media",
          "helpsessions:detail", "helpsessions:poster"}  # fmt: skip


def cases():
    for route in ROUTES:
        for role in ROLES:
            yield pytest.param(route, role, "own", id=f"{route.name}-{route.level}-{role}-own")
            if route.level is not None:
                yield pytest.param(
                    route, role, "sibling", id=f"{route.name}-{route.level}-{role}-sibling"
                )


@pytest.mark.parametrize(("route", "role", "where"), list(cases()))
def test_access(client, tree, users, route, role, where):
    client.force_login(users[role])
    branch = HOME[role] if where == "own" else SIBLING[role]
    expected = route.expect[role][0 if where == "own" else 1]
    status = getattr(client, route.method)(route.url(tree, branch)).status_code
    if expected == ANY:
        assert status != 404 and status < 500
    else:
        assert status == expected


@pytest.mark.parametrize("route", [r for r in ROUTES], ids=lambda r: f"{r.name}-{r.level}")
def test_anonymous_visitors_are_sent_to_log_in(client, tree, route):
    url = route.url(tree, "province")
    answer = getattr(client, route.method)(url)
    if url.startswith("/api/"):
        assert answer.status_code in (401, 403)
    else:
        assert answer.status_code == 302
        assert answer["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_searches_show_only_the_subtree(client, tree, users, role):
    client.force_login(users[role])
    listed = client.get("/api/v1/orgunits/").json()["results"]
    paths = {
        u["id"]: tree_unit.path
        for tree_unit in tree.values()
        for u in listed
        if u["id"] == tree_unit.pk
    }
    home = users[role].orgunit
    if role != A:
        assert paths and all(path.startswith(home.path) for path in paths.values())
    for name in ["Bản Phiêng Pi", "phieng pi", "Xã Sìn Hồ Thử"]:
        found = client.get("/api/v1/orgunits/", {"q": name}).json()["results"]
        assert bool(found) == (role == A), name


def named_routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_route_is_in_the_matrix():
    covered = {route.name for route in ROUTES} | PUBLIC
    routes = {
        name
        for name in named_routes(get_resolver().url_patterns)
        if not name.startswith("admin:") and not name.endswith("-format-suffix")
    }
    assert routes - covered == set()
