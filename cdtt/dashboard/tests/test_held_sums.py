"""On PostgreSQL a worker holds the communes', provinces' and country's sums by type, and
drops a unit's when the database says its rows changed: the figures follow every committed
write, whoever wrote it, and never show a write that was rolled back.

These tests commit for real (the `notices` fixture), since notices leave only with a commit.
"""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cdtt.activities.actions import delete_activity
from cdtt.activities.models import Activity
from cdtt.dashboard.figures import Figures
from cdtt.dashboard.held import CHANNEL, held
from cdtt.notices import APPLICATION, listener
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period

MAY = Period.of(date(2025, 5, 1))
COUNTRY = OrgUnit(name="Cả nước", path="", level=Level.PROVINCE)  # every path starts with ""


def _activities(unit) -> int:
    return sum(line.activities for line in Figures(unit, MAY, MAY).by_type())


def _recorded(notices, act, member, team, times: int = 1) -> None:
    """Record on 3 May, and wait until the worker has heard of it."""
    notices.after(CHANNEL, lambda: act(member, team, date(2025, 5, 3), times=times))


def _fact_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "monthfact" in q["sql"].lower()]


def test_a_held_figure_follows_each_committed_activity(
    notices, tree, village_team, people, act, admin
):
    _recorded(notices, act, people["mai"], village_team, times=2)
    units = (tree["commune"], tree["province"], COUNTRY)
    assert [_activities(u) for u in units] == [2, 2, 2]
    assert _activities(tree["sibling_commune"]) == 0

    with CaptureQueriesContext(connection) as queries:
        assert [_activities(u) for u in units] == [2, 2, 2]
        assert _activities(tree["sibling_commune"]) == 0
    assert _fact_reads(queries) == []  # the second read asks the database nothing

    _recorded(notices, act, people["pao"], village_team)
    with CaptureQueriesContext(connection) as queries:
        assert _activities(tree["sibling_commune"]) == 0  # its copy stays: not its rows
        assert [_activities(u) for u in units] == [3, 3, 3]
    assert len(_fact_reads(queries)) == 3

    activity = Activity.objects.filter(member=people["pao"]).get()
    notices.after(CHANNEL, lambda: delete_activity(admin, activity))
    assert [_activities(u) for u in units] == [2, 2, 2]


def test_a_change_made_outside_the_code_reaches_the_worker(
    notices, tree, village_team, people, act
):
    """A trigger sends the notice, so a correction typed in psql is seen as well."""
    _recorded(notices, act, people["mai"], village_team)
    assert _activities(tree["commune"]) == 1

    def correct():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE dashboard_communemonthfact SET activities = activities + 5 "
                "WHERE commune_id = %s",
                [tree["commune"].pk],
            )

    notices.after(CHANNEL, correct)
    assert _activities(tree["commune"]) == 6

    def empty():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE dashboard_communemonthfact")

    notices.after(CHANNEL, empty)  # "*": every copy goes
    assert _activities(tree["commune"]) == 0


def test_a_write_rolled_back_is_never_held(notices, tree, village_team, people, act):
    _recorded(notices, act, people["mai"], village_team)
    assert _activities(tree["commune"]) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        act(people["pao"], village_team, date(2025, 5, 3))
        assert _activities(tree["commune"]) == 2  # the transaction sees its own write
        raise RuntimeError("the officer's request failed")
    assert _activities(tree["commune"]) == 1
    with CaptureQueriesContext(connection) as queries:
        assert _activities(tree["commune"]) == 1
    assert _fact_reads(queries) == []


def test_a_read_that_a_notice_overtook_is_not_kept(notices, tree):
    commune = tree["commune"].pk
    reads = []

    def read_while_the_rows_change():
        reads.append(1)
        held.notice(str(commune))  # committed while this read ran
        return {}

    held.sums(commune, "may", read_while_the_rows_change)
    held.sums(commune, "may", read_while_the_rows_change)
    assert len(reads) == 2
    reads.clear()
    held.sums(commune, "june", lambda: reads.append(1) or {})
    held.sums(commune, "june", lambda: reads.append(1) or {})
    assert len(reads) == 1


def test_after_the_listening_connection_drops_figures_come_from_the_database(
    notices, tree, village_team, people, act
):
    _recorded(notices, act, people["mai"], village_team)
    assert _activities(tree["commune"]) == 1  # held
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [APPLICATION],
        )
    notices.until(lambda: not listener.heard, "the worker did not notice its connection dropped")
    act(people["pao"], village_team, date(2025, 5, 3))  # unheard
    with CaptureQueriesContext(connection) as queries:
        assert _activities(tree["commune"]) == 2
    assert len(_fact_reads(queries)) == 1

    # Listening again, it holds sums again, and hears of the next write.
    notices.listening(seconds=15)
    assert _activities(tree["commune"]) == 2
    with CaptureQueriesContext(connection) as queries:
        assert _activities(tree["commune"]) == 2
    assert _fact_reads(queries) == []
    _recorded(notices, act, people["pieng"], village_team)
    assert _activities(tree["commune"]) == 3


def test_behind_a_pooler_that_drops_notices_the_sums_can_be_read_each_time(
    notices, tree, village_team, people, act, settings
):
    settings.DATABASE_NOTICES = False
    act(people["mai"], village_team, date(2025, 5, 3))
    assert _activities(tree["commune"]) == 1
    with CaptureQueriesContext(connection) as queries:
        assert _activities(tree["commune"]) == 1
    assert len(_fact_reads(queries)) == 1
