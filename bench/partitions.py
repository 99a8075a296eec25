"""PostgreSQL only: what partitioning the activities by month would buy (docs/scaling.md).

A copy of the activity table is made, partitioned by RANGE (date), one partition a month,
with the same rows; then, alternating on the two tables in the same run:
- one month's raw activities summed by type (the month close's read);
- a month's activities removed (archiving a year): DELETE against DETACH PARTITION, both
  rolled back.
The copy is dropped at the end.
"""

from django.db import connection, transaction

from .data import Dataset, table
from .figures import timed
from .table import Row

COPY = "bench_activity_by_month"


def _size(name: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.oid = %s::regclass OR c.oid IN "
            "(SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass)",
            [name, name],
        )
        return cursor.fetchone()[0] / 2**20


def _build(data: Dataset) -> None:
    source = table("activities.Activity")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {COPY}")
        cursor.execute(
            f"CREATE TABLE {COPY} (LIKE {source} INCLUDING DEFAULTS) PARTITION BY RANGE (date)"
        )
        for period in data.periods:
            cursor.execute(
                f"CREATE TABLE {COPY}_{period.year}_{period.month:02d} PARTITION OF {COPY} "
                "FOR VALUES FROM (%s) TO (%s)",
                [period.first_day, period.next().first_day],
            )
        cursor.execute(f"CREATE TABLE {COPY}_other PARTITION OF {COPY} DEFAULT")
        cursor.execute(f"INSERT INTO {COPY} SELECT * FROM {source}")  # noqa: S608
        cursor.execute(f"ALTER TABLE {COPY} ADD PRIMARY KEY (id, date)")
        for column in ("member_id", "team_id", "village_id", "type_id"):
            cursor.execute(f"CREATE INDEX ON {COPY} ({column})")
        cursor.execute(f"ANALYZE {COPY}")


def _month_by_type(name: str, first, last) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT type_id, COUNT(*), SUM(people_helped) FROM {name} "  # noqa: S608
            "WHERE date >= %s AND date <= %s GROUP BY type_id ORDER BY type_id",
            [first, last],
        )
        return cursor.fetchall()


def _delete_month(name: str, first, last) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {name} WHERE date >= %s AND date <= %s", [first, last])  # noqa: S608
        transaction.set_rollback(True)
        return cursor.rowcount


def _detach_month(partition: str) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {partition}")  # noqa: S608
        rows = cursor.fetchone()[0]
        cursor.execute(f"ALTER TABLE {COPY} DETACH PARTITION {partition}")
        transaction.set_rollback(True)
        return rows


def measure(data: Dataset, log=print) -> list[Row]:
    if connection.vendor != "postgresql":
        return []
    log("  partitioned copy of the activities (one partition a month)")
    source = table("activities.Activity")
    _build(data)
    try:
        month = data.periods[-2]
        first, last = month.first_day, month.last_day
        partition = f"{COPY}_{month.year}_{month.month:02d}"
        (part, a), (whole, b) = timed(
            lambda: _month_by_type(COPY, first, last), lambda: _month_by_type(source, first, last)
        )
        assert a == b, "the partitioned copy disagrees with the activities"
        rows = [
            Row(
                f"One month's raw activities by type, monthly partitions ({month.label})",
                part,
                "ms",
                raw=whole,
                note="raw: the same query on the unpartitioned table",
            )  # fmt: skip
        ]
        (detach, n), (delete, m) = timed(
            lambda: _detach_month(partition), lambda: _delete_month(source, first, last), repeat=1
        )
        assert n == m, "the partition and the month hold different rows"
        rows.append(
            Row(
                f"Archiving a month ({n:,} activities): DETACH PARTITION",
                detach,
                "ms",
                raw=delete,
                note="raw: DELETE of the same rows; both rolled back",
            )  # fmt: skip
        )
        rows.append(
            Row(
                "Activities on disk, with indexes",
                _size(COPY),
                "MB",
                raw=_size(source),
                note="value: partitioned copy; raw: the table as it is",
            )  # fmt: skip
        )
        return rows
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {COPY}")
            # Leave the database as the next sections expect it: the rows of the rolled-back
            # DELETE read once (their hint bits set) and every dirty page written, so that
            # the server's measurements do not pay for this section's writes.
            cursor.execute(
                f"SELECT COUNT(*) FROM {source} WHERE date >= %s AND date <= %s",  # noqa: S608
                [data.periods[-2].first_day, data.periods[-2].last_day],
            )
            cursor.execute("CHECKPOINT")
