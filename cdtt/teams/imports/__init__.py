"""Importing member lists as communes keep them: checked whole, written whole, never twice.

`import_members` reads the file (`cdtt.spreadsheets`: hostile files refused, layouts and old
encodings understood), checks every row and compares each team with the list (`plan`),
and only when every row is good and it is not a dry run, writes the changes in one
transaction through the members' writers (`write`). Big lists run as background jobs
(`teams.tasks`); the officer reviews the preview before the write.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.orgunits.models import Level, OrgUnit
from cdtt.spreadsheets import RowError, read_table

from ..actions import FOUNDED
from .columns import COLUMNS, member_columns
from .plan import (
    ALREADY,
    JOIN,
    LEAVE,
    NEW,
    ROLE,
    STAYS,
    STEP_DOWN,
    MemberImport,
    PlannedMember,
    TeamPlan,
    plan_import,
)  # fmt: skip
from .template import template_workbook
from .write import write_import

__all__ = [
    "ALREADY", "COLUMNS", "JOIN", "LEAVE", "NEW", "ROLE", "STAYS", "STEP_DOWN", "MemberImport",
    "PlannedMember", "TeamPlan", "check_day", "import_members", "template_workbook",
]  # fmt: skip


def check_day(day: date) -> str:
    """Why a decision's date cannot be used ("" when it can): the composition it sets takes
    effect that day, between the teams' founding and today."""
    if day < FOUNDED:
        return _("The teams were founded in 2022; the date is earlier.")
    if day > timezone.localdate():
        return _("The decision's date cannot be in the future.")
    return ""


def import_members(
    content: bytes,
    actor=None,
    *,
    within: OrgUnit | None = None,
    dry_run: bool = False,
    filename: str = "",
    day: date | None = None,
    replace: bool = False,
    progress=None,
) -> MemberImport:
    """Check every row of a member list; write the changes only when every row is good.

    `within` limits the communes to a subtree (the importing officer's); a commune outside
    it is reported as unknown, exactly like one that does not exist. A commune officer's
    list needs no "Mã xã" column. `day` is the decision's date (today by default): joins
    start and role changes hold from it, leavers' last day is the day before. `replace`:
    the list is the whole team, so members it does not name leave.
    """
    day = day or timezone.localdate()
    commune_known = within is not None and within.level == Level.COMMUNE
    table = read_table(content, member_columns(commune_known), filename=filename,
                       progress=progress)  # fmt: skip
    result = plan_import(
        table, actor=actor, within=within, day=day, replace=replace, progress=progress
    )
    refusal = check_day(day)
    if refusal:
        result.errors.insert(0, RowError(0, refusal))
    if result.ok and not dry_run:
        if progress:
            progress(0, 1, _("Writing the changes (all or nothing)"))
        write_import(result, actor)
    return result
