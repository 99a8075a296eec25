"""Accounts in bulk: issuing accounts to a commune of 1,000 members and rendering its slips,
against the floor of inserting the same rows.

A commune of ten village teams of 100 members each (none with an account) is made inside a
transaction that is rolled back after every sample, so the dataset is left as it was. The
measured path is what the issuing job and the slips page do: `issue_for_teams` (accounts,
codes, links to the members, audit entries) then the slips page rendered to HTML (a QR
code drawn for each slip). The floor inserts the same rows (the users, the codes, the
audit entries, each member's link) with hand-written multi-row statements, their values
computed beforehand and not timed.
"""

import statistics
import time
import uuid

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from cdtt.accounts import codes
from cdtt.accounts.models import ActivationCode, Role, User
from cdtt.accounts.slips import activation_page, slips
from cdtt.orgunits.models import Kind, Level, OrgUnit
from cdtt.teams.member_accounts import issue_for_teams
from cdtt.teams.models import Member, Membership, Team
from cdtt.vietnamese import fold, sort_key

from .table import Row

MEMBERS, VILLAGES = 1000, 10
SAMPLES = 5


class _Rollback(Exception):
    pass


def _commune(province: OrgUnit, officer_name: str) -> tuple[User, list[Team], list[Member]]:
    """A commune, its villages' teams and their members (not timed)."""
    stamp = uuid.uuid4().hex[:6]
    commune = OrgUnit.objects.create(code=f"B{stamp}", name=f"Xã Đo {stamp}", level=Level.COMMUNE,
                                     kind=Kind.XA, parent=province)  # fmt: skip
    officer = User.objects.create(username=officer_name, role=Role.COMMUNE, orgunit=commune)
    teams, members, links = [], [], []
    for v in range(VILLAGES):
        village = OrgUnit.objects.create(
            code=f"B{stamp}-{v}",
            name=f"Bản Đo {v}",
            level=Level.VILLAGE,
            kind=Kind.BAN,
            parent=commune,
        )
        teams.append(Team.objects.create(unit=village))
    for i in range(MEMBERS):
        name = f"Lò Văn Đo {i:04d}"
        members.append(Member(full_name=name, phone=f"03{int(stamp, 16) % 100:02d}{i:06d}",
                              name_folded=fold(name), name_sort=sort_key(name)))  # fmt: skip
    Member.objects.bulk_create(members, batch_size=500)
    for i, member in enumerate(members):
        links.append(Membership(team=teams[i % VILLAGES], member=member, start="2024-01-01"))
    Membership.objects.bulk_create(links, batch_size=500)
    return officer, teams, members


def _issue_and_render(officer: User, teams: list[Team]) -> int:
    batch = uuid.uuid4().hex
    outcome = issue_for_teams(officer, teams, batch=batch)
    pending = list(ActivationCode.objects.filter(batch=batch).select_related("user__orgunit"))
    made = slips(officer, pending)
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string(
        "accounts/_slips.html", {"slips": made, "page": activation_page()}, request=request
    )
    assert html.count('class="slip"') == outcome["issued"] == MEMBERS
    return outcome["issued"]


def _floor(officer: User, teams: list[Team], members: list[Member]) -> int:
    """The same rows, inserted by hand-written multi-row statements (values made first)."""
    now = timezone.now()
    password = make_password(None)
    users = [
        (m.phone, m.phone, "Lò Văn", f"Đo {i:04d}", password, Role.MEMBER,
         teams[i % VILLAGES].unit_id, fold(m.full_name), sort_key(m.full_name), now)
        for i, m in enumerate(members)
    ]  # fmt: skip
    with connection.cursor() as cursor:
        user_table = User._meta.db_table
        columns = ("username, phone, last_name, first_name, password, role, orgunit_id, "
                   "name_folded, name_sort, date_joined, is_superuser, is_staff, is_active, "
                   "email, deactivated, sessions_epoch")  # fmt: skip
        row = "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, false, false, true, '', '', 0)"
        values = ", ".join([row] * len(users))
        cursor.execute(
            f"INSERT INTO {user_table} ({columns}) VALUES {values}",  # noqa: S608
            [v for row in users for v in row],
        )
        marks = ", ".join(["%s"] * len(members))
        cursor.execute(
            f"SELECT id, phone FROM {user_table} WHERE phone IN ({marks})",  # noqa: S608
            [m.phone for m in members],
        )
        ids = {phone: pk for pk, phone in cursor.fetchall()}
        code_rows, audit_rows, member_rows = [], [], []
        for m in members:
            pk, seed = ids[m.phone], uuid.uuid4().hex
            code_rows += [pk, "issued", "floor", seed, codes.digest(pk, codes.derive(seed)),
                          officer.pk, now, now, ]  # fmt: skip
            audit_rows += [now, officer.pk, "issue_code", "accounts.user", str(pk), "", "{}"]
            member_rows += [m.pk, pk]
        code_table = ActivationCode._meta.db_table
        cursor.execute(
            f"INSERT INTO {code_table} (user_id, kind, batch, seed, digest, issued_by_id, "  # noqa: S608
            "created_at, expires_at) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(members)),
            code_rows,
        )
        marks = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(members))
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_id, action, object_type, object_id, "  # noqa: S608
            f"orgunit_path, after) VALUES {marks}",
            audit_rows,
        )
        pairs = ", ".join(["(%s, %s)"] * len(members))
        member_table = Member._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {member_table} m SET user_id = v.u FROM (VALUES {pairs}) AS v(m, u) "  # noqa: S608
                "WHERE m.id = v.m",
                member_rows,
            )
        else:
            cursor.execute(
                f"WITH v(m, u) AS (VALUES {pairs}) UPDATE {member_table} SET user_id = "  # noqa: S608
                f"(SELECT u FROM v WHERE v.m = {member_table}.id) WHERE id IN (SELECT m FROM v)",
                member_rows,
            )
    return len(members)


def _sample(province: OrgUnit, work) -> float:
    """Milliseconds of `work` on a fresh commune, everything rolled back after."""
    took = 0.0
    try:
        with transaction.atomic():
            officer, teams, members = _commune(province, f"bench-officer-{uuid.uuid4().hex[:8]}")
            start = time.perf_counter()
            work(officer, teams, members)
            took = (time.perf_counter() - start) * 1000
            raise _Rollback
    except _Rollback:
        pass
    return took


def measure(data, log=print) -> list[Row]:
    province = OrgUnit.objects.get(pk=data.province_id)
    figure = "Accounts for a commune of 1,000 members: issued and their slips rendered"
    log(f"  {figure}")
    issue_only, full, floor = [], [], []
    for _round in range(SAMPLES):
        full.append(_sample(province, lambda o, t, m: _issue_and_render(o, t)))
        issue_only.append(_sample(province, lambda o, t, m: issue_for_teams(o, t, batch="b")))
        floor.append(_sample(province, _floor))
    s, i, f = (statistics.median(x) for x in (full, issue_only, floor))
    return [
        Row(figure, s, "ms", floor=f, target="≤ 3× floor", ok=s <= 3 * f,
            note=f"issuing alone {i:,.0f} ms = {i / f:.1f}× floor; slips {s - i:,.0f} ms "
                 f"({(s - i) / MEMBERS:.2f} ms a slip, its QR code drawn)"),
    ]  # fmt: skip
