"""python manage.py export_report --orgunit CODE --period YYYY-MM --format xlsx|docx --output F"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdtt.orgunits.models import OrgUnit, normalize_code
from cdtt.periods import Period
from cdtt.reports.exports.document import build
from cdtt.reports.exports.docx import write_docx
from cdtt.reports.exports.xlsx import write_xlsx


class Command(BaseCommand):
    help = "Write a unit's monthly report in the official format, for scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument("--orgunit", required=True, help='unit code ("3268" or "03268")')
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["xlsx", "docx"], required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, orgunit, period, format, output, **options) -> None:
        code = str(orgunit).strip()
        unit = OrgUnit.objects.filter(
            code__in={code, normalize_code(code), normalize_code(code, "province")}
        ).first()
        if unit is None:
            raise CommandError(f"no unit with code {orgunit}")
        try:
            month = Period.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        document = build(unit, month)
        output.write_bytes(write_xlsx(document) if format == "xlsx" else write_docx(document))
        self.stdout.write(f"{unit.name} {month.label}: {output}")
