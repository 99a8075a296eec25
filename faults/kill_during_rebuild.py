"""`rebuild_facts` is SIGKILLed in the middle of a month's rebuild. The facts must be whole
(the old ones, never half of them), and after a rerun equal the raw aggregates of the
activities; rebuilding twice gives the same facts. Exit 0 only if all of that holds."""

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import date

from faults.stack import PYTHON, ROOT, prepare

PERIOD = "2026-10"


def facts() -> set[tuple]:
    from django.db import connection

    from cdtt.dashboard.models import MemberMonthFact, MonthlyFact

    connection.close()
    area = MonthlyFact.objects.filter(period=PERIOD).values_list(
        "team_id", "village_id", "type_id", "activities", "count", "women", "ethnic_minority",
        "elderly", "households_without_smartphone")  # fmt: skip
    members = MemberMonthFact.objects.filter(period=PERIOD).values_list(
        "member_id", "team_id", "activities", "count", "days_active", "last_date"
    )
    return {("area", *row) for row in area} | {("member", *row) for row in members}


def raw() -> set[tuple]:
    from django.db.models import Count, Max, Sum

    from cdtt.activities.models import Activity
    from cdtt.periods import Period

    month = Activity.objects.in_period(Period.parse(PERIOD)).order_by()
    area = month.values_list("team_id", "village_id", "type_id").annotate(
        Count("id"), Sum("people_helped"), Sum("women"), Sum("ethnic_minority"), Sum("elderly"),
        Sum("households_without_smartphone"))  # fmt: skip
    members = month.values_list("member_id", "team_id").annotate(
        Count("id"), Sum("people_helped"), Count("date", distinct=True), Max("date")
    )
    return {("area", *row) for row in area} | {("member", *row) for row in members}


def facts_being_written() -> bool:
    """True while another session holds a write lock on the facts table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON l.relation = c.oid "
            "WHERE c.relname = 'dashboard_monthlyfact' AND l.mode = 'RowExclusiveLock' "
            "AND l.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def add_activities(setup: dict, count: int, rng: random.Random) -> None:
    from cdtt.activities.models import Activity, ActivityType

    types = list(ActivityType.objects.values_list("pk", flat=True))
    Activity.objects.bulk_create([
        Activity(id=uuid.UUID(int=rng.getrandbits(128)),
                 member_id=rng.choice(setup["crew"])["member"], team_id=setup["team"],
                 village_id=setup["village"],
                 date=date(2026, 10, rng.randint(1, 31)), type_id=rng.choice(types),
                 people_helped=3, women=1, ethnic_minority=1, elderly=0,
                 households_without_smartphone=1, source="import")
        for _ in range(count)
    ], batch_size=5000)  # fmt: skip


def rebuild_command(setup: dict) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": setup["url"]}
    return subprocess.Popen(
        [PYTHON, "manage.py", "rebuild_facts", "--period", PERIOD],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> int:
    setup = prepare("cdtt_faults_rebuild", 40)
    rng = random.Random(9)
    add_activities(setup, 60_000, rng)
    subprocess.run(
        [PYTHON, "manage.py", "rebuild_facts", "--period", PERIOD],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": setup["url"]},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    before = facts()
    add_activities(setup, 40_000, rng)  # the facts are now behind the activities

    # Kill the moment the rebuild's transaction holds the facts table for writing: it has
    # deleted the month's facts and not yet committed the new ones.
    process = rebuild_command(setup)
    killed_mid_way = False
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if facts_being_written():
            os.killpg(process.pid, signal.SIGKILL)
            killed_mid_way = True
            break
        time.sleep(0.005)
    process.wait()
    whole = facts() == before

    subprocess.run(
        [PYTHON, "manage.py", "rebuild_facts", "--period", PERIOD],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": setup["url"]},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    first = facts()
    subprocess.run(
        [PYTHON, "manage.py", "rebuild_facts", "--period", PERIOD],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": setup["url"]},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    second = facts()
    expected = raw()
    print(
        f"kill_during_rebuild: killed mid-way {killed_mid_way}, facts whole after the kill "
        f"{whole}, after a rerun equal to the raw aggregates {first == expected} "
        f"({len(expected)} rows), rebuilt twice identical {first == second}"
    )
    ok = killed_mid_way and whole and first == expected == second
    print("kill_during_rebuild: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
