"""The content of the monthly report, built once and written as .xlsx or .docx.

Layout follows Decree 30/2020 (Annex I): issuing body top left (parent body, then the issuer
in bold capitals), national title and motto top right, number, place-and-date line, the
title "BÁO CÁO" with its summary, the body, the signature block and the recipients.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation

from cdtt.activities import measures
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.skills.figures import report_tables
from cdtt.teams.models import Team
from cdtt.vietnamese import date_line

from ..completeness import Timeliness, rollup
from ..figures import unit_figures
from ..models import MonthlyReport, TeamMonth

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TYPE_COLUMNS = ["Nội dung hoạt động", *(m.document for m in measures.MEASURES)]
KIND_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thôn ", "Bản ",
                 "Tổ dân phố ", "Khối ", "Ấp ")  # fmt: skip


def bare_name(unit: OrgUnit) -> str:
    """ "Xã Mường Mùn" -> "Mường Mùn", for the place line."""
    for prefix in KIND_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    total: list | None = None


@dataclass
class ReportDocument:
    parent_body: str
    issuer: str
    number: str
    place_date: str
    title: str
    summary: str
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[tuple[str, list[str]]] = field(default_factory=list)  # heading, lines
    signer_title: str = ""
    signer_role: str = ""
    recipients: list[str] = field(default_factory=list)

    def table(self, title: str) -> Table:
        return next(t for t in self.tables if t.title == title)


def _type_rows(figures) -> tuple[list[list], list]:
    rows = [[line.label, *(value for _m, value in line.cells)] for line in figures.by_type]
    return rows, ["Tổng cộng", *(value for _m, value in figures.total.cells)]


def _heading(unit: OrgUnit) -> tuple[str, str, str, str]:
    """(parent body, issuer, signer's title, number suffix) for a unit's report."""
    if unit.level == Level.PROVINCE:
        return (
            f"UBND {unit.name.upper()}"
            if unit.name.startswith(("Tỉnh", "Thành phố"))
            else f"UBND TỈNH {unit.name.upper()}",
            "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ",
            "TM. BAN CHỈ ĐẠO",
            "BCĐ",
        )
    if unit.level == Level.COMMUNE:
        return f"UBND {unit.name.upper()}", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "TM. BAN CHỈ ĐẠO", "BCĐ"
    return (
        f"BCĐ CHUYỂN ĐỔI SỐ {unit.parent.name.upper()}",
        f"TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG {unit.name.upper()}",
        "TỔ TRƯỞNG",
        "TCNSCĐ",
    )


def build(unit: OrgUnit, period: Period, today: date | None = None) -> ReportDocument:
    """The report of a team's unit (village or commune team) or of a commune or province."""
    today = today or timezone.localdate()
    parent, issuer, signer, suffix = _heading(unit)
    place = bare_name(unit.commune or unit) if unit.level != Level.PROVINCE else bare_name(unit)
    document = ReportDocument(
        parent_body=parent,
        issuer=issuer,
        number=f"Số: …/BC-{suffix}",
        place_date=date_line(place, today),
        title="BÁO CÁO",
        summary=f"Kết quả hoạt động của Tổ công nghệ số cộng đồng tháng {period.label}",
        signer_title=signer,
        signer_role="TRƯỞNG BAN" if signer.startswith("TM.") else "",
        recipients=["- Như trên;", "- Lưu: VT."],
    )
    # A province reports by commune (a hundred rows), not by team and member (thousands).
    by_commune = unit.level == Level.PROVINCE
    completeness = rollup(unit, period, timezone.now(), rows=not by_commune)
    figures = unit_figures(unit, period)
    rows, total = _type_rows(figures)
    document.tables.append(Table("I. Kết quả theo nội dung hoạt động", TYPE_COLUMNS, rows, total))
    if by_commune:
        document.tables.append(_by_commune_table(unit, figures, completeness))
        document.tables.append(_completeness_table(completeness))
        document.tables.append(_missing_by_commune_table(completeness))
    else:
        document.tables.append(_by_team_table(unit, period, figures, completeness))
        document.tables.append(_completeness_table(completeness))
        document.tables.append(_missing_table(completeness))
    document.tables.extend(_session_tables(unit, period))
    document.tables.extend(Table(*part) for part in report_tables(unit))  # cdtt.skills.figures
    document.paragraphs.extend(_words(unit, period))
    return document


def _session_tables(unit, period) -> list[Table]:
    """The section "Buổi hướng dẫn tập trung": the help sessions' figures (their builders
    live in cdtt.helpsessions.figures)."""
    from cdtt.helpsessions.figures import figures as session_figures

    with translation.override("vi"):
        return [
            Table(f"Buổi hướng dẫn tập trung: {figure.title}", [str(h) for _k, h in figure.columns],
                  [[row[k] for k, _h in figure.columns] for row in figure.rows])
            for figure in session_figures(unit, period, period)
        ]  # fmt: skip


def _by_team_table(unit, period, figures, completeness) -> Table:
    teams = Team.objects.in_subtree(unit).select_related("unit")
    per_team = dict(figures.by_group)
    expected, reported = {}, {}
    for row in completeness["rows"]:
        team_id = row.membership.team_id
        expected[team_id] = expected.get(team_id, 0) + 1
        if row.status in (Timeliness.ON_TIME, Timeliness.LATE):
            reported[team_id] = reported.get(team_id, 0) + 1
    rows = []
    for team in sorted(teams, key=lambda t: (t.unit.level != Level.COMMUNE, t.unit.name_sort)):
        line = per_team.get(team.pk)
        values = line.values if line else measures.EMPTY
        rows.append(
            [
                team.unit.name,
                expected.get(team.pk, 0),
                reported.get(team.pk, 0),
                values["activities"],
                values["count"],
            ]
        )
    total = [
        "Tổng cộng",
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
        sum(r[4] for r in rows),
    ]
    return Table(
        "II. Kết quả theo Tổ",
        [
            "Tổ công nghệ số cộng đồng",
            "Số thành viên phải báo cáo",
            "Số đã báo cáo",
            "Số lượt",
            "Số lượng",
        ],
        rows,
        total,
    )


def _by_commune_table(unit, figures, completeness) -> Table:
    """A province's communes: members expected and reported, activities and their count
    (the teams of each commune summed: its own team and its villages')."""
    teams = Team.objects.in_subtree(unit).values_list("pk", "unit__path")
    commune_of = {team_id: unit.child_toward(path) for team_id, path in teams}
    activities, counts = {}, {}
    for team_id, line in figures.by_group:
        commune = commune_of.get(team_id)
        activities[commune] = activities.get(commune, 0) + line.values["activities"]
        counts[commune] = counts.get(commune, 0) + line.values["count"]
    rows = [
        [child.name, summary.expected, summary.reported, activities.get(child.pk, 0),
         counts.get(child.pk, 0)]
        for child, summary in completeness["children"]
    ]  # fmt: skip
    total = ["Tổng cộng", *(sum(r[i] for r in rows) for i in range(1, 5))]
    columns = ["Xã, phường", "Số thành viên phải báo cáo", "Số đã báo cáo", "Số lượt", "Số lượng"]
    return Table("II. Kết quả theo xã, phường", columns, rows, total)


def _missing_by_commune_table(completeness) -> Table:
    rows = []
    for child, summary in completeness["children"]:
        missing = summary.counts[Timeliness.MISSING] + summary.counts[Timeliness.PENDING]
        if missing:
            rows.append([len(rows) + 1, child.name, missing])
    columns = ["STT", "Xã, phường", "Số thành viên chưa báo cáo"]
    return Table("IV. Thành viên chưa báo cáo theo xã, phường", columns, rows)


def _completeness_table(completeness) -> Table:
    total = completeness["total"].as_dict()
    return Table(
        "III. Tình hình nộp báo cáo",
        ["Phải báo cáo", "Đúng hạn", "Muộn", "Chưa nộp", "Tỷ lệ đã nộp"],
        [
            [
                total["expected"],
                total["on_time"],
                total["late"],
                total["missing"] + total["pending"],
                total["rate"],
            ]
        ],
    )


def _missing_table(completeness) -> Table:
    rows = [
        [i, row.membership.member.full_name, row.membership.team.unit.name]
        for i, row in enumerate(
            (
                r
                for r in completeness["rows"]
                if r.status in (Timeliness.MISSING, Timeliness.PENDING)
            ),
            start=1,
        )
    ]
    return Table("IV. Danh sách thành viên chưa báo cáo", ["STT", "Họ và tên", "Tổ"], rows)


def _words(unit, period) -> list[tuple[str, list[str]]]:
    reports = (
        MonthlyReport.objects.in_subtree(unit)
        .filter(period=str(period))
        .exclude(difficulties="", proposals="")
        .select_related("member", "team__unit")
        .order_by("team__unit__name_sort")
    )
    difficulties = [
        f"- {r.team.unit.name} – {r.member.full_name}: {r.difficulties}"
        for r in reports
        if r.difficulties
    ]
    proposals = [
        f"- {r.team.unit.name} – {r.member.full_name}: {r.proposals}"
        for r in reports
        if r.proposals
    ]
    assessments = [
        f"- {m.team.unit.name}: {m.assessment}"
        for m in TeamMonth.objects.in_subtree(unit)
        .filter(period=str(period))
        .exclude(assessment="")
        .select_related("team__unit")
    ]
    return [
        ("V. Khó khăn, vướng mắc", difficulties or ["- Không có."]),
        ("VI. Đề xuất, kiến nghị", proposals or ["- Không có."]),
        ("VII. Nhận xét của Tổ trưởng", assessments or ["- Không có."]),
    ]
