"""A deterministic synthetic country at a scale factor, loaded fast.

Scale 1 is about one province (98 communes, ~2,400 teams, ~11,000 members, ~1 million
activities over twelve months); scale 34 is the country (3,321 communes, ~80,000 teams,
~370,000 members, ~34 million activities). The real 34 provinces and 3,321 communes come
from `load_units`; villages, teams, members, memberships, activities and the last three
months' reports are generated from a seed and loaded past the ORM: COPY on PostgreSQL,
batched INSERTs on SQLite. The facts are then rebuilt month by month, as a month close
would.

Rows carry their ids (taken above the current maximum), so the same seed and scale give
the same dataset on either database.
"""

import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from cdtt.accounts.models import Role, User
from cdtt.activities.models import ActivityType
from cdtt.dashboard import facts
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.vietnamese import fold, sort_key

VILLAGES_PER_COMMUNE = 23
COMMUNES_IN_COUNTRY = 3321
MONTHS = 12
REPORT_MONTHS = 3
PASSWORD = "cdtt-bench-2026"  # noqa: S105 — the synthetic accounts' password, printed by the runner
ACCOUNTS = 8  # member accounts, one per ingestion client

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Quàng", "Lường",
          "Cà", "Tòng", "Giàng", "Sùng", "Vàng", "Mùa", "Đỗ", "Ngô", "Dương"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "A", "Hữu", "Thanh", "Bích"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
         "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc",
         "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vân",
         "Xuân", "Yến", "Piếng", "Sính", "Dế", "Chứ", "Páo", "Mỷ"]  # fmt: skip
VILLAGE_WORDS = ["Na Sang", "Huổi Lóng", "Pá Chả", "Nậm Cản", "Co Muông", "Phiêng Ban",
                 "Tân Lập", "Đoàn Kết", "Hồng Phong", "Thống Nhất", "Pú Nhi",
                 "Sín Chải"]  # fmt: skip
AFFILIATIONS = ["youth_union"] * 5 + ["women_union"] * 2 + ["veterans", "farmers", "police", ""]


@dataclass
class Dataset:
    scale: float
    seed: int
    today: date
    periods: list[Period]
    communes: int = 0
    villages: int = 0
    teams: int = 0
    members: int = 0
    activities: int = 0
    reports: int = 0
    accounts: dict = field(default_factory=dict)  # role → username
    member_accounts: list = field(default_factory=list)  # usernames of the 8 members
    province_id: int = 0
    commune_id: int = 0

    def summary(self) -> str:
        return (
            f"{self.communes:,} communes, {self.villages:,} villages, {self.teams:,} teams, "
            f"{self.members:,} members, {self.activities:,} activities "
            f"({self.periods[0].label}–{self.periods[-1].label}), {self.reports:,} reports"
        )


def table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def _next_id(label: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table(label)}")  # noqa: S608
        return cursor.fetchone()[0]


def _now_text() -> str:
    return "2026-01-01 00:00:00+00" if connection.vendor == "postgresql" else "2026-01-01 00:00:00"


def _copy(label: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Load rows into a table: COPY on PostgreSQL, batched INSERT elsewhere."""
    name = table(label)
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
                buffer.write("\n")
                count += 1
                if count % 20000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return count
    sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _skip_foreign_key_checks() -> None:
    """PostgreSQL checks Django's deferred foreign keys at COMMIT, one lookup per key per row:
    tens of minutes for the country's 30 million activities, which are generated with valid
    keys. As a superuser, the loading transaction skips those checks (SET LOCAL: only it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _reset_sequences(labels: list[str]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for label in labels:
            name = table(label)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
            )


def chosen_communes(scale: float) -> list[OrgUnit]:
    """The first communes in province order: about 98 per unit of scale (one province)."""
    communes = list(
        OrgUnit.objects.filter(level=Level.COMMUNE)
        .select_related("parent")
        .order_by("parent__code", "code")
    )
    wanted = max(1, min(len(communes), round(scale * COMMUNES_IN_COUNTRY / 34)))
    return communes[:wanted]


def bench_periods(today: date) -> list[Period]:
    last = Period.of(today)
    periods = [last]
    for _step in range(MONTHS - 1):
        periods.insert(0, periods[0].previous())
    return periods


def load(scale: float, seed: int = 2026, today: date | None = None, log=print) -> Dataset:
    """Generate and load the dataset; the units must be loaded and nothing else."""
    today = today or date.today()
    rng = random.Random(seed)
    data = Dataset(scale, seed, today, bench_periods(today))
    communes = chosen_communes(scale)
    data.communes = len(communes)
    now = _now_text()

    with transaction.atomic():
        _skip_foreign_key_checks()
        village_rows, team_rows, team_units = _places(rng, communes, now)
        data.villages = _copy("orgunits.OrgUnit", ORGUNIT_COLUMNS, village_rows)
        data.teams = _copy("teams.Team", ["id", "unit_id", "created_at"], team_rows)
        log(f"  {data.communes:,} communes, {data.villages:,} villages, {data.teams:,} teams")

        memberships = []  # (membership id, team id, member id, start, end, unit id, villages)
        first_ids = _next_id("teams.Member"), _next_id("teams.Membership")  # not during a COPY
        member_rows = _members(rng, team_units, memberships, now, *first_ids)
        data.members = _copy("teams.Member", MEMBER_COLUMNS, member_rows)
        roles = (
            (m[0], m[1], m[2], "leader" if m[7] else "member", m[3], m[4]) for m in memberships
        )
        _copy("teams.Membership", ["id", "team_id", "member_id", "role", "start", '"end"'], roles)
        log(f"  {data.members:,} members")

        types = list(ActivityType.objects.filter(active=True).order_by("pk"))
        data.activities = _copy(
            "activities.Activity", ACTIVITY_COLUMNS, _activities(rng, memberships, types, data, now)
        )
        log(f"  {data.activities:,} activities over {MONTHS} months")
        data.reports = _copy(
            "reports.MonthlyReport",
            REPORT_COLUMNS,
            _reports(rng, memberships, data, now, _next_id("reports.MonthlyReport")),
        )
        log(f"  {data.reports:,} monthly reports ({REPORT_MONTHS} months)")
        _reset_sequences(
            [
                "orgunits.OrgUnit",
                "teams.Team",
                "teams.Member",
                "teams.Membership",
                "reports.MonthlyReport",
            ]  # fmt: skip
        )
        _accounts(data, communes, memberships)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for period in data.periods:
        facts.rebuild(period)
    vacuum()
    log(f"  facts rebuilt for {len(data.periods)} months")
    return data


def vacuum(*labels: str) -> None:
    """VACUUM ANALYZE the tables (all when none given) on PostgreSQL, as autovacuum would in
    production: the machine's PostgreSQL may run with autovacuum off, and the dead rows of
    a bulk load or of repeated month closes would otherwise slow every later figure."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(table(label) for label in labels)}")


ORGUNIT_COLUMNS = ["id", "code", "name", "level", "kind", "parent_id", "path", "name_folded",
                   "name_sort", "households", "households_without_smartphone"]  # fmt: skip


def _places(rng: random.Random, communes: list[OrgUnit], now: str):
    """Villages under each commune and a team for each commune and village."""
    unit_id = _next_id("orgunits.OrgUnit")
    team_id = _next_id("teams.Team")
    villages, teams, team_units = [], [], []  # team_units: (team id, unit id, [village ids])
    for commune in communes:
        ids = []
        for number in range(1, VILLAGES_PER_COMMUNE + 1):
            word = "Bản" if rng.random() < 0.4 else "Thôn"
            name = f"{word} {VILLAGE_WORDS[number % len(VILLAGE_WORDS)]} {number}"
            households = rng.randint(60, 420)
            kind = "ban" if word == "Bản" else "thon"
            villages.append(
                (
                    unit_id,
                    f"{commune.code}-{number:03d}",
                    name,
                    "village",
                    kind,
                    commune.pk,
                    f"{commune.path}{unit_id}/",
                    fold(name),
                    sort_key(name),
                    households,
                    int(households * rng.uniform(0.05, 0.35)),
                )  # fmt: skip
            )
            teams.append((team_id, unit_id, now))
            team_units.append((team_id, unit_id, [unit_id]))
            ids.append(unit_id)
            unit_id += 1
            team_id += 1
        teams.append((team_id, commune.pk, now))
        team_units.append((team_id, commune.pk, [commune.pk, *ids]))
        team_id += 1
    return villages, teams, team_units


MEMBER_COLUMNS = ["id", "full_name", "phone", "birth_year", "gender", "ethnicity", "affiliation",
                  "affiliation_note", "skills", "phone_public", "user_id", "name_folded",
                  "name_sort", "created_at", "updated_at"]  # fmt: skip


def _members(
    rng: random.Random, team_units, memberships: list, now: str, member_id: int, membership_id: int
) -> Iterator[tuple]:
    start_base = date(2025, 1, 1)
    for team_id, unit_id, villages in team_units:
        size = rng.randint(5, 10) if len(villages) > 1 else rng.randint(2, 7)
        for position in range(size):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            female = rng.random() < 0.45
            start = start_base + timedelta(days=rng.randint(0, 180))
            end = None
            if rng.random() < 0.04:
                end = date(2026, rng.randint(1, 10), rng.randint(1, 28))
            memberships.append(
                (membership_id, team_id, member_id, start, end, unit_id, villages, position == 0)
            )
            yield (
                member_id, name, f"09{member_id:08d}", rng.randint(1955, 2006),
                "female" if female else "male", "", rng.choice(AFFILIATIONS), "", "[]", False,
                None, fold(name), sort_key(name), now, now,
            )  # fmt: skip
            member_id += 1
            membership_id += 1


ACTIVITY_COLUMNS = ["id", "member_id", "team_id", "village_id", "date", "type_id",
                    "people_helped", "women", "ethnic_minority", "elderly",
                    "households_without_smartphone", "note", "recorded_by_id", "source",
                    "created_at", "updated_at"]  # fmt: skip


def _activities(rng: random.Random, memberships, types, data: Dataset, now: str):
    """About 7.6 activities a member a month (1 million a year per unit of scale)."""
    type_ids = [t.pk for t in types]
    weights = [6 if t.code.startswith("vneid") else 3 for t in types]
    rand, randint, getrandbits = rng.random, rng.randint, rng.getrandbits
    for _mid, team_id, member_id, start, end, _unit, villages, _leader in memberships:
        for period in data.periods:
            first = max(start, period.first_day)
            last = min(end or period.last_day, period.last_day, data.today)
            if first > last or rand() < 0.18:
                continue
            span = (last - first).days
            chosen = rng.choices(type_ids, weights, k=randint(1, 16))
            for type_id in chosen:
                day = first + timedelta(days=randint(0, span))
                people = randint(1, 6)
                women = randint(0, people)
                yield (
                    f"{getrandbits(128):032x}", member_id, team_id,
                    villages[0] if len(villages) == 1 or rand() < 0.3 else rng.choice(villages),
                    day.isoformat(), type_id, people, women, randint(0, people),
                    randint(0, people - women), randint(0, 1), "", None, "offline", now, now,
                )  # fmt: skip


REPORT_COLUMNS = ["id", "team_id", "member_id", "period", "status", "difficulties", "proposals",
                  "submitted_at", "created_at", "updated_at"]  # fmt: skip


def _reports(rng: random.Random, memberships, data: Dataset, now: str, report_id: int):
    """The three months before this one: nine in ten members report, most before the 5th."""
    months = data.periods[-1 - REPORT_MONTHS : -1]
    suffix = "+00" if connection.vendor == "postgresql" else ""
    for _mid, team_id, member_id, start, end, _unit, _villages, _leader in memberships:
        for period in months:
            if start > period.last_day or (end and end < period.first_day) or rng.random() < 0.1:
                continue
            following = period.next()
            day = rng.randint(1, 4) if rng.random() < 0.8 else rng.randint(6, 20)
            submitted = f"{date(following.year, following.month, day)} 08:00:00{suffix}"
            status = (
                "approved"
                if period != months[-1]
                else rng.choice(["submitted", "confirmed", "approved"])
            )
            difficulties = "Sóng điện thoại yếu ở các bản vùng cao." if rng.random() < 0.2 else ""
            yield (report_id, team_id, member_id, str(period), status, difficulties, "",
                   submitted, now, now)  # fmt: skip
            report_id += 1


def _accounts(data: Dataset, communes: list[OrgUnit], memberships) -> None:
    """Officers of the first province and commune, and member accounts for the first members
    of the first commune's village teams (the ingestion clients and the pages)."""
    password = make_password(PASSWORD)
    commune = communes[0]
    officers = [
        ("bench-national", Role.ADMIN, None),
        ("bench-province", Role.PROVINCE, commune.parent),
        ("bench-commune", Role.COMMUNE, commune),
    ]
    for username, role, unit in officers:
        User.objects.update_or_create(
            username=username,
            defaults={"role": role, "orgunit": unit, "password": password, "last_name": "Bench",
                      "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN},
        )  # fmt: skip
        data.accounts[role.value] = username
    Member = apps.get_model("teams.Member")
    picked = [m for m in memberships if m[7] is False and len(m[6]) == 1 and m[4] is None]
    for number, row in enumerate(picked[:ACCOUNTS], start=1):
        username = f"bench-member-{number}"
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"role": Role.MEMBER, "orgunit_id": row[5], "password": password,
                      "last_name": "Bench"},
        )  # fmt: skip
        Member.objects.filter(pk=row[2]).update(user=user)
        data.member_accounts.append(username)


def describe(scale: float, seed: int, today: date | None = None) -> "Dataset":
    """The loaded dataset, read back from the database."""
    today = today or date.today()
    data = Dataset(scale, seed, today, bench_periods(today))
    data.communes = len(chosen_communes(scale))
    Team, Member = apps.get_model("teams.Team"), apps.get_model("teams.Member")
    data.villages = OrgUnit.objects.filter(level=Level.VILLAGE).count()
    data.teams = Team.objects.count()
    data.members = Member.objects.count()
    data.activities = apps.get_model("activities.Activity").objects.count()
    data.reports = apps.get_model("reports.MonthlyReport").objects.count()
    commune = User.objects.get(username="bench-commune").orgunit
    data.commune_id, data.province_id = commune.pk, commune.parent_id
    data.accounts = dict(User.objects.filter(username__startswith="bench-", role__in=[
        Role.ADMIN, Role.PROVINCE, Role.COMMUNE]).values_list("role", "username"))  # fmt: skip
    data.member_accounts = list(
        User.objects.filter(username__startswith="bench-member-")
        .order_by("username")
        .values_list("username", flat=True)
    )
    return data
