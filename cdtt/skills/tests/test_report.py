"""The skills part of the monthly report, opened back from the .xlsx and .docx files."""

from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from cdtt.factories import make_member, make_team, make_tree
from cdtt.periods import Period
from cdtt.reports.exports.document import build
from cdtt.reports.exports.docx import write_docx
from cdtt.reports.exports.xlsx import write_xlsx
from cdtt.skills.models import Level, Task

from .factories import make_task, set_level

pytestmark = pytest.mark.django_db


def test_the_report_holds_the_matrix_and_the_tasks_no_one_can_guide():
    Task.objects.update(is_active=False)
    tree = make_tree()
    a = make_task("t-a", title="Kích hoạt mức 2")
    make_task("t-b", title="Thẻ BHYT trên VssID")
    team = make_team(tree["village"])
    mai = make_member("Lò Thị Mai", team)
    make_member("Quàng Văn Lan", team)
    set_level(mai, a, Level.CAN_GUIDE, confirmed=True)
    document = build(tree["commune"], Period.parse("2026-11"))

    sheet = load_workbook(BytesIO(write_xlsx(document))).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["V. Kỹ năng hướng dẫn của thành viên"] in rows
    assert [1, "Kích hoạt mức 2", 1, 0, 1, 50] in rows
    assert [2, "Thẻ BHYT trên VssID", 2, 0, 0, 0] in rows
    assert [1, "Bản Huổi Lóng", 1, "Thẻ BHYT trên VssID"] in rows

    text = [cell.text for table in Document(BytesIO(write_docx(document))).tables
            for row in table.rows for cell in row.cells]  # fmt: skip
    assert "Thẻ BHYT trên VssID" in text and "Bản Huổi Lóng" in text
