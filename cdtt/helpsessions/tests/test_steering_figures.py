"""The sessions' steering figures: their rows, and where they are shown (the dashboard, the
stats API, the monthly report's .xlsx and .docx opened back)."""

import uuid
from datetime import time
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.helpsessions import figures
from cdtt.helpsessions.actions import (
    assign,
    cancel_session,
    plan_session,
    take_attendance,
)
from cdtt.helpsessions.actions.results import record_results
from cdtt.periods import Period
from cdtt.reports.exports.document import build
from cdtt.reports.exports.docx import write_docx
from cdtt.reports.exports.xlsx import write_xlsx

pytestmark = pytest.mark.django_db
SECTION = "Buổi hướng dẫn tập trung"


@pytest.fixture
def held(crew, tree, users):
    """Today's session: Lan (Youth Union) came, Minh (veterans) did not; 30 residents; one
    more resident helped one by one; and a cancelled session."""
    kwargs = dict(
        unit=tree["village"], teams=[crew["team"]], village=tree["village"],
        day=timezone.localdate(), start=time(8), end=time(10), place="Nhà văn hóa",
    )  # fmt: skip
    (session,) = plan_session(crew["leader"], **kwargs)
    (cancelled,) = plan_session(crew["leader"], **kwargs)
    cancel_session(crew["leader"], cancelled)
    assign(crew["leader"], session, crew["lan"])
    assign(crew["leader"], session, crew["minh"])
    take_attendance(crew["leader"], session, [crew["lan"].pk])
    record_results(
        crew["leader"],
        session,
        [{"type": "vneid_level2", "people_helped": 30, "givers": [crew["lan"].pk]}],
        uuid.uuid4(),
    )
    record_activity(users[Role.ADMIN], {
        "id": str(uuid.uuid4()), "member": crew["minh"].pk, "team": crew["team"].pk,
        "village": tree["village"].pk, "date": timezone.localdate().isoformat(),
        "type": "vssid", "people_helped": 1,
    })  # fmt: skip
    return session


def test_the_rows_of_each_figure(held, tree):
    month = Period.of(timezone.localdate())
    commune = tree["commune"]
    (row,) = figures.sessions_by_status(commune, month, month)
    assert (row["held"], row["cancelled"], row["planned"]) == (1, 1, 0)
    by_affiliation = {
        r["group"]: (r["seats"], r["present"])
        for r in figures.attendance_by_affiliation(commune, month, month)
    }
    assert by_affiliation == {"Đoàn Thanh niên": (1, 1), "Hội Cựu chiến binh": (1, 0)}
    (residents,) = figures.residents_at_sessions(commune, month, month)
    assert (residents["at_sessions"], residents["one_by_one"]) == (30, 1)
    quiet = [r["village"] for r in figures.villages_without_session(commune)]
    assert tree["sibling_village"].name in quiet and tree["village"].name not in quiet


def test_the_monthly_report_exports_carry_the_section(held, tree):
    month = Period.of(timezone.localdate())
    document = build(tree["commune"], month)
    sheet = load_workbook(BytesIO(write_xlsx(document))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(str(c).startswith(SECTION) for c in cells)
    assert "Đoàn Thanh niên" in cells
    doc = Document(BytesIO(write_docx(document)))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith(SECTION) for t in texts)
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    assert "Hội Cựu chiến binh" in cells


def test_the_dashboard_and_the_stats_api_show_them(client, held, tree, users):
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['commune'].pk}/").content.decode()
    assert "Đoàn Thanh niên" in page and "session-figures" in page
    api = APIClient()
    api.force_authenticate(users[Role.COMMUNE])
    month = Period.of(timezone.localdate())
    query = f"orgunit={tree['commune'].pk}&from={month}&to={month}"
    stats = api.get(f"/api/v1/stats/?{query}").json()
    assert stats["help_sessions"]["residents"][0]["at_sessions"] == 30


def test_a_province_s_page_lists_the_first_quiet_villages_and_says_how_many_more(
    client, tree, users
):
    """Thousands of villages in a province: the dashboard lists the first ones of the quiet
    villages, says how many more, and the stats API gives them all."""
    from cdtt.factories import make_unit
    from cdtt.helpsessions.templatetags.helpsessions import LISTED
    from cdtt.orgunits.models import Level

    for n in range(LISTED + 5):
        make_unit(f"Bản Yên Tĩnh {n:03}", Level.VILLAGE, tree["commune"])
    quiet = len(figures.villages_without_session(tree["commune"]))
    assert quiet > LISTED
    client.force_login(users[Role.COMMUNE])
    page = client.get(f"/dashboard/unit/{tree['commune'].pk}/").content.decode()
    table = page.split('id="sessions-quiet_villages"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + LISTED  # the heading's row and the rows listed
    assert f"Và {quiet - LISTED} dòng nữa" in page
    api = APIClient()
    api.force_authenticate(users[Role.COMMUNE])
    stats = api.get(f"/api/v1/stats/?orgunit={tree['commune'].pk}").json()
    assert len(stats["help_sessions"]["quiet_villages"]) == quiet
