"""Exported reports opened back: header and title as the decree wants, figures = the database."""

import uuid
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from docx import Document
from openpyxl import load_workbook

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.models import Activity
from cdtt.factories import make_member, make_team
from cdtt.reports.actions import get_or_start_report, submit_report
from cdtt.reports.exports.document import build
from cdtt.reports.exports.docx import write_docx
from cdtt.reports.exports.xlsx import write_xlsx
from cdtt.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db
TITLE = "Kết quả hoạt động của Tổ công nghệ số cộng đồng tháng"


@pytest.fixture
def month_of_work(tree, users, crew, last_month):
    """Activities in two teams of the commune, one report with words, one member missing."""
    other_team = make_team(tree["sibling_village"])
    lan = make_member("Lò Thị Lan", other_team)
    entries = [
        (crew["mai"], crew["team"], tree["village"], "vneid_level2", 700, 600, 600, 100),
        (crew["mai"], crew["team"], tree["village"], "vssid", 5, 2, 1, 0),
        (crew["pao"], crew["team"], tree["village"], "vneid_level2", 553, 3, 7, 2),
        (lan, other_team, tree["sibling_village"], "cashless", 12, 6, 0, 1),
    ]
    for day, (member, team, village, code, count, women, minority, elderly) in enumerate(
        entries, start=3
    ):
        record_activity(users[Role.ADMIN], {
            "id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
            "village": village.pk, "date": last_month.first_day.replace(day=day).isoformat(),
            "type": code, "people_helped": count, "women": women, "ethnic_minority": minority,
            "elderly": elderly, "households_without_smartphone": 1,
        })  # fmt: skip
    report = get_or_start_report(crew["team"], crew["mai"], last_month)
    submit_report(users[Role.MEMBER], report, "Sóng 3G yếu ở bản", "Xin thêm điện thoại mẫu")
    return tree["commune"]


def database_totals(unit, period):
    return Activity.objects.in_subtree(unit).in_period(period).aggregate(
        activities=Count("id"), count=Sum("people_helped"), women=Sum("women"),
        ethnic_minority=Sum("ethnic_minority"), elderly=Sum("elderly"),
    )  # fmt: skip


def test_xlsx_opens_with_the_official_header_and_the_database_figures(month_of_work, last_month):
    workbook = load_workbook(BytesIO(write_xlsx(build(month_of_work, last_month))))
    sheet = workbook.active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [c for row in cells for c in row if c is not None]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "UBND XÃ MƯỜNG MÙN THỬ" in flat and "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" in flat
    assert "BÁO CÁO" in flat and f"{TITLE} {last_month.label}" in flat
    assert any(str(c).startswith("Mường Mùn Thử, ngày ") for c in flat)
    total = next(
        row
        for row in cells
        if row[0] == "Tổng cộng" and len([c for c in row if c is not None]) == 7
    )
    db = database_totals(month_of_work, last_month)
    assert list(total[1:6]) == [
        db["activities"],
        db["count"],
        db["women"],
        db["ethnic_minority"],
        db["elderly"],
    ]
    assert db["count"] == 1270
    assert "Giàng A Páo" in flat and "Lò Thị Lan" in flat  # have not reported
    assert any("Sóng 3G yếu ở bản" in str(c) for c in flat)
    assert sheet["B1"].font.name == "Times New Roman" or sheet["A1"].font.name == "Times New Roman"


def test_docx_opens_with_the_decree_layout_and_the_database_figures(month_of_work, last_month):
    doc = Document(BytesIO(write_docx(build(month_of_work, last_month))))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert round(section.top_margin.mm) == 20
    header = doc.tables[0]
    assert header.cell(0, 1).text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = header.cell(1, 1).paragraphs[0].runs[0]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.underline
    assert header.cell(1, 0).paragraphs[0].runs[0].bold
    assert header.cell(2, 1).paragraphs[0].runs[0].italic
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and f"{TITLE} {last_month.label}" in texts
    by_type = doc.tables[1]
    total = [c.text for c in by_type.rows[-1].cells]
    db = database_totals(month_of_work, last_month)
    assert total[0] == "Tổng cộng"
    assert total[1:3] == [str(db["activities"]), "1.270"]  # Vietnamese thousands separator
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_command_line_export_accepts_codes_without_leading_zero(
    month_of_work, last_month, tmp_path
):
    target = tmp_path / "bao-cao.docx"
    call_command(
        "export_report",
        "--orgunit",
        month_of_work.code.lstrip("0"),
        "--period",
        str(last_month),
        "--format",
        "docx",
        "--output",
        str(target),
    )
    assert "BÁO CÁO" in [p.text for p in Document(target).paragraphs]


def test_a_province_report_goes_by_commune(month_of_work, tree, last_month):
    """A province has thousands of teams and members: its report lists communes, with the
    figures of their teams summed, and how many members of each have not reported."""
    from cdtt.reports.completeness import Timeliness, rollup

    province = tree["province"]
    doc = Document(BytesIO(write_docx(build(province, last_month))))
    headings = [p.text for p in doc.paragraphs]
    assert "II. Kết quả theo xã, phường" in headings
    assert "IV. Thành viên chưa báo cáo theo xã, phường" in headings
    by_commune = {row.cells[0].text: [c.text for c in row.cells] for row in doc.tables[2].rows}
    commune = month_of_work.name
    db = database_totals(month_of_work, last_month)
    rows = rollup(month_of_work, last_month)["rows"]
    missing = sum(r.status in (Timeliness.MISSING, Timeliness.PENDING) for r in rows)
    reported = sum(r.status in (Timeliness.ON_TIME, Timeliness.LATE) for r in rows)
    assert by_commune[commune][1:] == [
        str(len(rows)),
        str(reported),
        str(db["activities"]),
        "1.270",
    ]
    assert by_commune["Tổng cộng"][3:] == [str(db["activities"]), "1.270"]
    missing_rows = [[c.text for c in row.cells] for row in doc.tables[4].rows]
    assert ["1", commune, str(missing)] in missing_rows
    sheet = load_workbook(BytesIO(write_xlsx(build(province, last_month)))).active
    flat = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Giàng A Páo" not in flat and commune in flat  # counts, not names
    assert any("Sóng 3G yếu ở bản" in str(c) for c in flat)


def test_stored_text_with_formulas_and_control_characters_exports_as_plain_text(
    tree, users, crew, last_month
):
    """Text stored before the edge refused it still exports: no 500, no live formula."""
    crew["pao"].full_name = '=HYPERLINK("http://x","Páo")'
    crew["pao"].save()
    report = get_or_start_report(crew["team"], crew["pao"], last_month)
    submit_report(users[Role.ADMIN], report, "Khó khăn sóng yếu", "@SUM(A1)")
    # Written straight to the table, as text stored before the edge refused it was.
    MonthlyReport.objects.filter(pk=report.pk).update(difficulties="Khó khăn\x01 sóng yếu")
    document = build(tree["village"], last_month)

    sheet = load_workbook(BytesIO(write_xlsx(document))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells]
    assert any("=HYPERLINK" in str(v) for v in texts)
    assert any("Khó khăn sóng yếu" in str(v) for v in texts)

    paragraphs = [p.text for p in Document(BytesIO(write_docx(document))).paragraphs]
    assert any("Khó khăn sóng yếu" in p for p in paragraphs)
