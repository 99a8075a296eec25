"""The activity measures are declared once (cdtt.activities.measures): the activity's fields,
the fact tables, the API schema, the dashboard's table and the report's columns carry exactly
the declared measures, in the declared order."""

import uuid
from io import BytesIO

import pytest
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.measures import FIELDS, MEASURES, NAMES
from cdtt.activities.models import Activity
from cdtt.dashboard.figures import Figures
from cdtt.dashboard.models import CommuneMonthFact, MonthlyFact, ProvinceMonthFact
from cdtt.dashboard.tables import by_type
from cdtt.factories import make_member, make_team
from cdtt.periods import Period
from cdtt.reports.exports.document import build
from cdtt.reports.exports.xlsx import write_xlsx
from cdtt.reports.figures import unit_figures

# What the API's objects carry besides the measures.
BESIDES = {
    "ActivityIn": {"id", "member", "team", "village", "date", "type", "note", "source"},
    "Activity": {"id", "member", "team", "village", "date", "type", "note", "source",
                 "recorded_by", "created_at", "updated_at"},
    "StatsTypeLine": {"type", "name", "counts"},
    "StatsTotals": {"people"},
}  # fmt: skip


def _numbers(model) -> list[str]:
    return [f.name for f in model._meta.fields if isinstance(f, models.PositiveIntegerField)]


def test_the_activity_and_the_fact_tables_have_one_field_per_measure():
    assert _numbers(Activity) == list(FIELDS)
    for model in (MonthlyFact, CommuneMonthFact, ProvinceMonthFact):
        assert _numbers(model) == list(NAMES), model.__name__


def test_the_api_schema_carries_exactly_the_measures():
    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    entered = {"ActivityIn": set(FIELDS), "Activity": set(FIELDS)}
    for name, besides in BESIDES.items():
        properties = list(components[name]["properties"])
        measures = [p for p in properties if p not in besides]
        assert set(properties) >= besides, name
        expected = entered.get(name, set(NAMES))
        assert set(measures) == expected, name
    assert set(components["ActivityIn"]["required"]) == {
        "id", "member", "team", "village", "date", "type", "people_helped"
    }  # fmt: skip


@pytest.mark.django_db
def test_the_dashboard_table_and_the_report_columns_are_the_measures(tree, users):
    team = make_team(tree["village"])
    member = make_member("Lường Thị Mai", team)
    period = Period.of(timezone.localdate())
    record_activity(users[Role.ADMIN], {
        "id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
        "village": tree["village"].pk, "date": period.first_day.isoformat(), "type": "vneid_level2",
        "people_helped": 9, "women": 4, "ethnic_minority": 3, "elderly": 2,
        "households_without_smartphone": 1,
    })  # fmt: skip
    sums = {"activities": 1, "count": 9, "women": 4, "ethnic_minority": 3, "elderly": 2,
            "households_without_smartphone": 1}  # fmt: skip
    assert set(sums) == set(NAMES)

    table = by_type(Figures(tree["commune"], period, period))
    keys = [c.key for c in table.columns]
    assert [k for k in keys if k in NAMES] == list(NAMES)
    row = next(r for r in table.rows if r["activities"])
    assert {name: row[name] for name in NAMES} == sums

    document = build(tree["commune"], period)
    types = document.tables[0]
    assert types.columns[1:] == [m.document for m in MEASURES]
    assert types.total[1:] == [sums[name] for name in NAMES]
    sheet = load_workbook(BytesIO(write_xlsx(document))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Nội dung hoạt động")
    assert [c for c in header[1:] if c is not None] == [m.document for m in MEASURES]

    page = render_to_string("reports/_figures.html", {"figures": unit_figures(team.unit, period)})
    for measure in MEASURES:
        assert f">{measure.label}</th>" in page
