"""Activity ingestion over HTTP: 8 clients post batches to POST /api/v1/activities/ at once.

`measure_ingest` is called by the benchmark runner (inside Django, with its connection) and
by `python -m bench.ingest --url …` against a server that is already running. Each client
is one account (a member posting their own activities, or a leader posting for a team mate)
and posts `per_client` fresh activities in batches; every item must answer 201 and every
UUID must be stored. The floor is the same rows written straight into the activities table
by one COPY (PostgreSQL) or multi-row INSERTs (SQLite), then deleted again.

Inside Django: `measure_ingest(url, *clients_of(["bench-member-1", …]), connection)`.
The activities posted stay stored (their facts and audit entries are kept in step).

Only the standard library is used on the client side (http.client), so that the client's
own cost stays small next to the server's on a 2-core machine.
"""

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

TARGET = 500.0  # activities per second
PATH = "/api/v1/activities/"
COLUMNS = ["id", "member_id", "team_id", "village_id", "date", "type_id", "people_helped",
           "women", "ethnic_minority", "elderly", "households_without_smartphone", "note",
           "recorded_by_id", "source", "created_at", "updated_at"]  # fmt: skip


def _rows(connection, sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _period(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def client_plan(
    connection, member_id: int, team_id: int | None = None, today: date | None = None
) -> dict:
    """What one client may post for a member: the member's current team, the unit and its
    villages, the days of this month and the last one that are open (not locked) and inside
    the membership, and the activity types in use. Read through `connection` (Django's, or a
    DB-API connection with the %s parameter style)."""
    today = today or date.today()
    found = _rows(
        connection,
        'SELECT ms.team_id, t.unit_id, u.path, ms.start, ms."end" FROM teams_membership ms '
        "JOIN teams_team t ON t.id = ms.team_id JOIN orgunits_orgunit u ON u.id = t.unit_id "
        'WHERE ms.member_id = %s AND ms.start <= %s AND (ms."end" IS NULL OR ms."end" >= %s) '
        "AND ms.team_id = COALESCE(%s, ms.team_id) ORDER BY ms.team_id LIMIT 1",
        [member_id, today, today, team_id],
    )
    if not found:
        raise ValueError(f"member {member_id} has no current membership")
    team_id, unit_id, path, start, end = found[0]
    villages = [unit_id] + [
        row[0]
        for row in _rows(
            connection,
            "SELECT id FROM orgunits_orgunit WHERE path LIKE %s AND id <> %s "
            "AND level IN ('commune', 'village') ORDER BY id",
            [path + "%", unit_id],
        )
    ]
    locked = {
        row[0]
        for row in _rows(
            connection, "SELECT period FROM activities_monthlock WHERE team_id = %s", [team_id]
        )
    }
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    start = date.fromisoformat(str(start)) if not isinstance(start, date) else start
    end = date.fromisoformat(str(end)) if end and not isinstance(end, date) else end
    days = [
        first + timedelta(days=n)
        for n in range((today - first).days + 1)
        if _period(first + timedelta(days=n)) not in locked
        and start <= first + timedelta(days=n)
        and (end is None or first + timedelta(days=n) <= end)
    ]
    if not days:
        raise ValueError(f"member {member_id}: no open day this month or the last one")
    types = {
        code: pk
        for pk, code in _rows(
            connection, "SELECT id, code FROM activities_activitytype WHERE active", []
        )
    }
    return {"member": member_id, "team": team_id, "villages": villages, "days": days,
            "types": types}  # fmt: skip


def _activities(plan: dict, count: int, rng: random.Random) -> list[dict]:
    items = []
    codes = sorted(plan["types"])
    for _ in range(count):
        people = rng.randint(1, 8)
        items.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "member": plan["member"], "team": plan["team"],
            "village": rng.choice(plan["villages"]), "date": rng.choice(plan["days"]).isoformat(),
            "type": rng.choice(codes), "people_helped": people,
            "women": rng.randint(0, people), "ethnic_minority": rng.randint(0, people),
            "elderly": rng.randint(0, people), "households_without_smartphone": rng.randint(0, 2),
            "note": rng.choice(["", "", "tại nhà văn hoá", "hướng dẫn cài VNeID mức 2"]),
            "source": "offline",
        })  # fmt: skip
    return items


def _post_all(url: str, token: str, items: list[dict], batch: int, problems: list) -> None:
    """One client: its batches one after the other over one keep-alive connection."""
    parts = urlsplit(url)
    conn_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_class(parts.hostname, parts.port, timeout=120)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    try:
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            conn.request("POST", PATH, body=json.dumps(chunk).encode(), headers=headers)
            answer = conn.getresponse()
            content = answer.read()
            if answer.status != 200:
                problems.append(f"HTTP {answer.status}: {content[:300]!r}")
                continue
            results = json.loads(content)
            for sent, result in zip(chunk, results, strict=True):
                if result.get("status") != 201 or result.get("id") != sent["id"]:
                    problems.append(f"{sent['id']}: {json.dumps(result)[:300]}")
    except Exception as error:  # noqa: BLE001 - reported with the figure, not swallowed
        problems.append(f"client failed: {error!r}")
    finally:
        conn.close()


def _stored(connection, ids: list[str]) -> int:
    if not _is_postgresql(connection):  # Django keeps UUIDs in SQLite as 32 hex digits
        ids = [uuid.UUID(i).hex for i in ids]
    total = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        total += _rows(
            connection,
            f"SELECT count(*) FROM activities_activity WHERE id IN ({marks})",  # noqa: S608
            chunk,
        )[0][0]
    return total


def _is_postgresql(connection) -> bool:
    vendor = getattr(connection, "vendor", None)
    if vendor:
        return vendor == "postgresql"
    return type(connection).__module__.startswith("psycopg")


def _floor(connection, items: list[dict], types: dict[str, int]) -> float:
    """The same activities (fresh ids) written straight into the table, in activities/s; the
    rows are deleted again afterwards."""
    now = datetime.now().astimezone()
    rows = [
        (str(uuid.uuid4()), a["member"], a["team"], a["village"], date.fromisoformat(a["date"]),
         types[a["type"]], a["people_helped"], a["women"], a["ethnic_minority"], a["elderly"],
         a["households_without_smartphone"], a["note"], None, "api", now, now)
        for a in items
    ]  # fmt: skip
    postgresql = _is_postgresql(connection)
    # Django's connection commits by itself (autocommit); psycopg's waits for commit().
    commit = None if hasattr(connection, "get_autocommit") else connection.commit
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if postgresql:
            raw = getattr(cursor, "cursor", cursor)  # Django's wrapper holds psycopg's cursor
            with raw.copy(f"COPY activities_activity ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
            per = 999 // len(COLUMNS) * 30  # within SQLite's limit of 32,766 parameters
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                cursor.execute(
                    f"INSERT INTO activities_activity ({', '.join(COLUMNS)}) "  # noqa: S608
                    f"VALUES {', '.join([marks] * len(chunk))}",
                    [value for row in chunk for value in row],
                )
    if commit:
        commit()
    elapsed = time.perf_counter() - started
    ids = [row[0] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM activities_activity WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )
    if commit:
        commit()
    return len(rows) / elapsed


def measure_ingest(
    base_url: str,
    tokens: list[str],
    members: list[int | dict],
    connection,
    per_client: int = 500,
    batch: int = 50,
    seed: int = 2026,
    log=print,
    where: str = "",
) -> list[dict]:
    """Post `per_client` fresh activities from each client at once, in batches of `batch`.
    `where` says where the clients are, in the figure's name.

    `tokens[i]` is the API token of client i, posting for `members[i]` (a member id, or a
    dict with its "member" id and optionally its "team" id): the member's own account, or a
    leader of the member's team.
    `connection` is Django's `django.db.connection` or a psycopg connection to the same
    database: it plans valid activities (open days, villages, types), counts what was stored
    and measures the floor. Returns one row (figure, value, unit, floor, ratio, target, ok,
    note) for bench.table; items that did not answer 201 are counted and named in the note.
    """
    if len(tokens) != len(members):
        raise ValueError("one member per token")
    rng = random.Random(seed)
    plans = [
        client_plan(connection, m["member"], m.get("team"))
        if isinstance(m, dict)
        else client_plan(connection, m)
        for m in members
    ]
    work = [_activities(plan, per_client, random.Random(rng.random())) for plan in plans]
    problems: list[str] = []
    threads = [
        threading.Thread(target=_post_all, args=(base_url, token, items, batch, problems))
        for token, items in zip(tokens, work, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    sent = [a for items in work for a in items]
    stored = _stored(connection, [a["id"] for a in sent])
    value = stored / elapsed
    floor = _floor(connection, sent, plans[0]["types"])
    note = f"{stored:,} of {len(sent):,} stored in {elapsed:.1f} s"
    if problems:
        note += f"; {len(problems)} problems, first: {problems[0]}"
    log(f"ingest: {note}; floor {floor:,.0f}/s")
    return [{
        "figure": f"Ingestion over HTTP, {len(tokens)} clients{where}, batches of {batch}",
        "value": value, "unit": "activities/s", "floor": floor,
        "ratio": floor / value if value else None, "target": f">= {TARGET:.0f}/s",
        "ok": value >= TARGET and not problems and stored == len(sent), "note": note,
    }]  # fmt: skip


def clients_of(usernames: list[str]) -> tuple[list[str], list[dict]]:
    """Tokens and members for existing member accounts (inside Django): each account posts
    for its own member record, in its current team. Pass the result to `measure_ingest`."""
    from cdtt.accounts.tokens import create_token
    from cdtt.teams.models import Member, Membership

    tokens, members = [], []
    for username in usernames:
        member = Member.objects.select_related("user").get(user__username=username)
        membership = Membership.objects.current().filter(member=member).order_by("pk").first()
        if membership is None:
            raise ValueError(f"{username}: no current membership")
        tokens.append(create_token(member.user))
        members.append({"member": member.pk, "team": membership.team_id})
    return tokens, members


def accounts(count: int, leaders: bool, at_least: int | None = None) -> tuple[list, list]:
    """Tokens and members for `count` clients in the database Django is configured for: the
    members with a member account first, then accounts made for members of other village
    teams (username bench-ingest-N), each in another commune of one province, so that the
    clients' writes meet on the province's facts, not on a commune's. With `leaders`, each
    client is its team's leader account posting for another member of the team. Fewer than
    `count` when the province has fewer communes, but at least `at_least` (default: all)."""
    from django.db.models import Q
    from django.utils import timezone

    from cdtt.accounts.models import Role, User
    from cdtt.accounts.tokens import create_token
    from cdtt.orgunits.models import Level
    from cdtt.teams.models import Member, Membership, TeamRole

    today = timezone.localdate()
    current = Membership.objects.current(on=today).filter(team__unit__level=Level.VILLAGE)
    tokens, members, communes = [], [], set()
    province = None
    for membership in current.select_related("team__unit", "member").order_by("team_id", "pk"):
        if len(tokens) == count:
            break
        commune = membership.team.unit.parent_id
        province = province or membership.team.unit.path.split("/", 1)[0]
        if commune in communes or membership.role != TeamRole.MEMBER:
            continue
        if membership.team.unit.path.split("/", 1)[0] != province:
            continue
        member = membership.member
        others = Membership.objects.current(on=today).filter(member=member)
        if others.exclude(team=membership.team).exists():
            continue
        if leaders:
            leader = current.filter(team=membership.team, role=TeamRole.LEADER).first()
            if leader is None:
                continue
            holder, role = leader.member, Role.LEADER
        else:
            holder, role = member, Role.MEMBER
        user = holder.user
        if user is None:
            user, _ = User.objects.get_or_create(
                username=f"bench-ingest-{holder.pk}",
                defaults={"role": role, "orgunit": membership.team.unit, "last_name": "Bench"},
            )
            Member.objects.filter(pk=holder.pk).filter(Q(user=None) | Q(user=user)).update(
                user=user
            )
        tokens.append(create_token(user))
        members.append({"member": member.pk, "team": membership.team_id})
        communes.add(commune)
    if len(tokens) < (count if at_least is None else at_least):
        raise SystemExit(f"only {len(tokens)} clients could be set up")
    return tokens, members


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest",
        description="Measure activity ingestion against a running server. The database is "
        "DATABASE_URL's (the server's): accounts and tokens for the clients are made there.",
    )
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8200")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=500)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--leaders", action="store_true", help="leaders post for members")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--users", nargs="*", help="existing member accounts, one per client")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdtt.settings")
    import django

    django.setup()
    from django.db import connection

    if args.users:
        tokens, members = clients_of(args.users)
    else:
        tokens, members = accounts(args.clients, args.leaders)
    rows = measure_ingest(args.url, tokens, members, connection, per_client=args.per_client,
                          batch=args.batch, seed=args.seed)  # fmt: skip
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
