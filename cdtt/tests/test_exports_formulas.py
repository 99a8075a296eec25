"""Every spreadsheet the app writes gives text back as text: a name or a note starting with
=, +, - or @ never becomes a live formula, whichever export carries it.

The exports, all of them: the dashboard's tables of a unit and of a team (CSV and XLSX),
the monthly report (the page's .xlsx and `export_report`), and the import template.
"""

import csv
import uuid
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.dashboard.tables import TEAM_TABLES, UNIT_TABLES
from cdtt.factories import make_member, make_team, make_user
from cdtt.periods import Period
from cdtt.reports.actions import get_or_start_report, submit_report

pytestmark = pytest.mark.django_db

VILLAGE = '=HYPERLINK("http://x.example","Bản")'
NAMES = ["=1+2 Lò Văn", "+84 Cà Thị", "-Quàng Văn", "@SUM(A1) Vì"]
WORDS = "=cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture
def hostile(tree, users):
    """A village, its members and a report's words that all start like formulas."""
    village = tree["village"]
    village.name = VILLAGE
    village.save()
    team = make_team(village)
    month = Period.of(timezone.localdate()).previous()
    members = [make_member(name, team, "leader" if i == 0 else "member",
                           affiliation_note=WORDS) for i, name in enumerate(NAMES)]  # fmt: skip
    for member in members[:3]:  # the fourth does nothing: listed as inactive
        record_activity(users[Role.ADMIN], {
            "id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
            "village": village.pk, "date": month.first_day.isoformat(),
            "type": "vneid_level2", "people_helped": 3,
        })  # fmt: skip
    members[0].user = make_user(Role.MEMBER, village, "hostile-member")
    members[0].save()
    report = get_or_start_report(team, members[0], month)
    submit_report(members[0].user, report, WORDS, WORDS)
    return {"team": team, "month": month, "village": village}


def cells_of(content: bytes, kind: str) -> list[tuple[object, str]]:
    """Every cell as (value, how the file holds it), opened as Excel would."""
    if kind == "csv":
        rows = csv.reader(StringIO(content.decode("utf-8-sig")))
        return [(value, "csv") for row in rows for value in row]
    workbook = load_workbook(BytesIO(content))  # formulas are kept as formulas
    return [
        (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def assert_no_formula(cells, where: str) -> set[str]:
    """No cell is a formula; text starting like one is text. Returns the texts seen."""
    texts = set()
    for value, held in cells:
        assert held != "f", f"{where}: a formula {value!r}"
        if held == "csv":
            if value.startswith(FORMULA_STARTS):
                float(value)  # only a negative number may start with "-" in a CSV
            texts.add(value[1:] if value.startswith("'") else value)
        elif isinstance(value, str):
            assert held in ("s", "inlineStr"), f"{where}: {value!r} held as {held}"
            texts.add(value)
    return texts


def test_every_export_keeps_formula_like_text_as_text(client, users, hostile, tree, tmp_path):
    client.force_login(users[Role.PROVINCE])
    month, team, commune = hostile["month"], hostile["team"], tree["commune"]
    query = f"?from={month}&to={month}"
    downloads = {}
    for table in UNIT_TABLES:
        for kind in ("csv", "xlsx"):
            downloads[f"/dashboard/unit/{commune.pk}/{table}.{kind}{query}"] = kind
    for table in TEAM_TABLES:
        for kind in ("csv", "xlsx"):
            downloads[f"/dashboard/team/{team.pk}/{table}.{kind}{query}"] = kind
    for unit in (commune, hostile["village"]):
        downloads[f"/reports/unit/{unit.pk}/{month}/export.xlsx"] = "xlsx"
    downloads["/teams/import/template.xlsx"] = "xlsx"
    seen = {}
    for url, kind in downloads.items():
        answer = client.get(url)
        assert answer.status_code == 200, url
        seen[url] = assert_no_formula(cells_of(answer.content, kind), url)
    output = tmp_path / "bao-cao.xlsx"
    call_command("export_report", "--orgunit", hostile["village"].code, "--period", str(month),
                 "--format", "xlsx", "--output", str(output))  # fmt: skip
    command = assert_no_formula(cells_of(output.read_bytes(), "xlsx"), "export_report")

    # The hostile texts did reach the files: the checks above could fail.
    members = f"/dashboard/team/{team.pk}/members"
    for kind in ("csv", "xlsx"):
        assert set(NAMES) <= seen[f"{members}.{kind}{query}"]
        assert NAMES[3] in seen[f"/dashboard/team/{team.pk}/inactive.{kind}{query}"]
    report = f"/reports/unit/{hostile['village'].pk}/{month}/export.xlsx"
    assert any(WORDS in text for text in seen[report])
    assert any(WORDS in text for text in command)
    assert any(VILLAGE in text for text in seen["/teams/import/template.xlsx"])
