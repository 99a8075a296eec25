"""Run by test_adding_a_measure.py in a process of its own: adds a measure to the declaration
(the one-file change: a line in cdtt/activities/measures.py, made here to the module's text
before anything reads it), gives the tables its column (what `makemigrations` would write),
and prints what the API schema, the facts, a dashboard table and the report show of it."""

import json
import sys
import types
import uuid
from pathlib import Path

import django

ADDED = (
    '    Measure("disabled", _("With a disability"), "Người khuyết tật",\n'
    '            _("with a disability"), part_of_count=True),\n'
)


def _declare_with_the_added_measure() -> None:
    path = Path(__file__).resolve().parents[1] / "activities" / "measures.py"
    source = path.read_text()
    end = ")  # fmt: skip\n"
    assert source.count(end) == 1, "the declaration's closing line moved"
    module = types.ModuleType("cdtt.activities.measures")
    module.__file__ = str(path)
    exec(compile(source.replace(end, ADDED + end), str(path), "exec"), module.__dict__)  # noqa: S102  # nosec B102 - our own module's text
    sys.modules["cdtt.activities.measures"] = module


def main() -> None:
    _declare_with_the_added_measure()
    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from drf_spectacular.generators import SchemaGenerator

    from cdtt.accounts.models import Role
    from cdtt.activities.actions import record_activity
    from cdtt.activities.models import Activity
    from cdtt.activities.rules import ActivityError
    from cdtt.dashboard import facts
    from cdtt.dashboard.figures import Figures
    from cdtt.dashboard.models import CommuneMonthFact, MonthlyFact, ProvinceMonthFact
    from cdtt.dashboard.tables import by_type
    from cdtt.factories import make_member, make_team, make_tree, make_user
    from cdtt.helpsessions.models import SessionResult
    from cdtt.periods import Period
    from cdtt.reports.exports.document import build

    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:  # the migration makemigrations would write
        for model in (Activity, MonthlyFact, CommuneMonthFact, ProvinceMonthFact, SessionResult):
            editor.add_field(model, model._meta.get_field("disabled"))

    tree = make_tree()
    admin = make_user(Role.ADMIN, None, "admin")
    team = make_team(tree["village"])
    member = make_member("Lường Thị Mai", team)
    period = Period.of(timezone.localdate())
    entry = {
        "member": member.pk, "team": team.pk, "village": tree["village"].pk,
        "date": period.first_day.isoformat(), "type": "vneid_level2", "people_helped": 5,
    }  # fmt: skip
    record_activity(admin, {**entry, "id": str(uuid.uuid4()), "disabled": 2})
    try:
        record_activity(admin, {**entry, "id": str(uuid.uuid4()), "disabled": 6})
        refused = {}
    except ActivityError as error:
        refused = error.errors
    in_step = [
        list(model.objects.values_list("disabled", flat=True))
        for model in (MonthlyFact, CommuneMonthFact, ProvinceMonthFact)
    ]
    facts.rebuild(period)

    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    table = by_type(Figures(tree["commune"], period, period))
    row = next(r for r in table.rows if r["activities"])
    document = build(tree["commune"], period)
    print(
        json.dumps(
            {
                "activity_in": list(schema["ActivityIn"]["properties"]),
                "stats_type_line": list(schema["StatsTypeLine"]["properties"]),
                "stats_totals": list(schema["StatsTotals"]["properties"]),
                "refused": refused,
                "facts_in_step": in_step,
                "facts": [
                    list(model.objects.values_list("disabled", flat=True))
                    for model in (MonthlyFact, CommuneMonthFact, ProvinceMonthFact)
                ],
                "table_columns": [str(c.label) for c in table.columns],
                "table_value": row["disabled"],
                "report_columns": document.tables[0].columns,
                "report_total": document.tables[0].total,
            }
        )
    )


if __name__ == "__main__":
    main()
