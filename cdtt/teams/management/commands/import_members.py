"""python manage.py import_members FILE [--dry-run] [--date DD/MM/YYYY] [--replace] [--commune CODE]

The same import as the upload page, for large lists and scheduled work; it speaks
Vietnamese like the pages, its summary too.
"""

from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cdtt.orgunits.models import Level, OrgUnit, normalize_code
from cdtt.teams.imports import (
    ALREADY,
    JOIN,
    LEAVE,
    NEW,
    ROLE,
    STAYS,
    STEP_DOWN,
    check_day,
    import_members,
)  # fmt: skip


def _day(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"--date {text}: expected DD/MM/YYYY")


class Command(BaseCommand):
    help = "Import team members from a list (.xlsx, .xls, .csv); all rows or none."
    leave_locale_alone = True

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--date", help="the decision's date, DD/MM/YYYY (default today)")
        parser.add_argument(
            "--replace", action="store_true", help="the list replaces the teams it names"
        )
        parser.add_argument("--commune", help="the commune's code, for lists without “Mã xã”")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._import(file, dry_run, **options)

    def _import(self, file: Path, dry_run: bool, *, date=None, replace=False, commune=None,
                **options) -> None:  # fmt: skip
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        day = _day(date) if date else None
        if day and check_day(day):
            raise CommandError(check_day(day))
        within = None
        if commune:
            within = OrgUnit.objects.filter(
                level=Level.COMMUNE, code=normalize_code(commune)
            ).first()
            if within is None:
                raise CommandError(_("No commune with the code %(code)s.") % {"code": commune})
        result = import_members(
            file.read_bytes(), within=within, dry_run=dry_run, filename=file.name, day=day,
            replace=replace,
        )  # fmt: skip
        for warning in [*result.table.warnings, *map(str, result.warnings)]:
            self.stdout.write(_("Warning: %(text)s") % {"text": warning})
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s error(s) in %(file)s; nothing was imported.")
                % {"n": len(result.errors), "file": file}
            )
        self.stdout.write(
            _("Sheets read: %(sheets)s") % {"sheets": ", ".join(result.table.sheets_read)}
        )
        for skipped in result.table.skipped:
            where = f"{skipped.sheet} · {skipped.number}" if skipped.sheet else skipped.number
            self.stdout.write(
                _("Row %(row)s skipped: %(why)s") % {"row": where, "why": skipped.why}
            )
        counts = {
            "new": result.count(NEW),
            "join": result.count(JOIN),
            "role": result.count(ROLE) + result.count_others(STEP_DOWN),
            "leave": result.count_others(LEAVE),
            "stays": result.count_others(STAYS),
            "already": result.count(ALREADY),
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Dry run, nothing written: %(new)s new member(s), %(join)s joining from "
                    "another team, %(role)s role change(s), %(leave)s leaving, %(already)s "
                    "already in their team."
                )
                % counts
            )
        else:
            self.stdout.write(
                _(
                    "Written: %(members)s new member(s), %(joined)s membership(s) begun, "
                    "%(roles)s role(s) changed, %(ended)s membership(s) ended; %(already)s "
                    "already in their team."
                )
                % {
                    "members": result.members_created,
                    "joined": result.memberships_created,
                    "roles": result.roles_changed,
                    "ended": result.memberships_ended,
                    "already": counts["already"],
                }
            )
