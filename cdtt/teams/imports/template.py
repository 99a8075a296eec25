"""The member list template: the expected headers, the rules, and the unit codes."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cdtt import safe_files
from cdtt.orgunits.models import Level, OrgUnit

from .columns import (
    COLUMN_AFFILIATION,
    COLUMN_BIRTH_YEAR,
    COLUMN_COMMUNE,
    COLUMN_ETHNICITY,
    COLUMN_GENDER,
    COLUMN_NAME,
    COLUMN_NOTE,
    COLUMN_PHONE,
    COLUMN_ROLE,
    COLUMN_VILLAGE,
    COLUMNS,
)  # fmt: skip


def template_workbook(within: OrgUnit | None = None) -> bytes:
    """An empty member list with the expected headers, the rules, and the unit codes.

    The phone column is formatted as text so that Excel keeps the leading zero.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members")
    safe_files.append(sheet, [_("LIST OF MEMBERS OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS")])
    sheet["A1"].font = Font(bold=True)
    safe_files.append(sheet, [*COLUMNS, COLUMN_NOTE])
    widths = [6, 28, 10, 10, 12, 16, 30, 16, 10, 24, 24]
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet[f"{letter}2"].font = Font(bold=True)
    phone_letter = get_column_letter(COLUMNS.index(COLUMN_PHONE) + 1)
    for row in range(3, 503):
        sheet[f"{phone_letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A3"

    guide = workbook.create_sheet(_("Instructions"))
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 90
    for column, text in [
        (COLUMN_NAME, _("Required. As written on the ID card.")),
        (COLUMN_BIRTH_YEAR, _("A year, e.g. 1968.")),
        (COLUMN_GENDER, _("Nam or Nữ.")),
        (COLUMN_ETHNICITY, _("Optional; sensitive data, never shown publicly.")),
        (COLUMN_PHONE, _("A mobile number, e.g. 0912 345 678. One number per person.")),
        (COLUMN_AFFILIATION, _("E.g. Đoàn Thanh niên, Hội Phụ nữ, Hội CCB, Trưởng bản.")),
        (COLUMN_ROLE, _("Tổ trưởng, Tổ phó or Thành viên; one leader per team.")),
        (COLUMN_COMMUNE, _("The official commune code (see the Units sheet).")),
        (COLUMN_VILLAGE, _("The village's name; leave empty for the commune's own team.")),
        (COLUMN_NOTE, _("Anything else, e.g. a second phone number; not imported.")),
    ]:
        safe_files.append(guide, [column, text])
    guide.append([])
    safe_files.append(
        guide,
        [
            _("All or nothing"),
            _("If any row is wrong, nothing is imported and every wrong row is listed."),
        ],
    )
    if within is not None:
        listing = workbook.create_sheet(_("Units"))
        safe_files.append(listing, [COLUMN_COMMUNE, _("Commune"), COLUMN_VILLAGE])
        listing.column_dimensions["B"].width = 28
        listing.column_dimensions["C"].width = 28
        units = (
            OrgUnit.objects.in_subtree(within)
            .current()
            .filter(level__in=(Level.COMMUNE, Level.VILLAGE))
            .select_related("parent")
        )
        communes = sorted((u for u in units if u.level == Level.COMMUNE), key=lambda u: u.name_sort)
        villages: dict[int, list[OrgUnit]] = {}
        for unit in units:
            if unit.level == Level.VILLAGE:
                villages.setdefault(unit.parent_id, []).append(unit)
        for commune in communes:
            safe_files.append(listing, [commune.code, commune.name, ""])
            for village in sorted(villages.get(commune.pk, []), key=lambda u: u.name_sort):
                safe_files.append(listing, [commune.code, commune.name, village.name])
    return safe_files.workbook_bytes(workbook)
