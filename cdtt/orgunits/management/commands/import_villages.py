"""python manage.py import_villages FILE.xlsx [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdtt.orgunits.actions import import_villages


class Command(BaseCommand):
    help = "Import villages from an Excel file; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, create nothing"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        result = import_villages(file.read_bytes(), dry_run=dry_run, filename=file.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} bad row(s) in {file}; no village was created."
            )
        for plan in result.planned:
            self.stdout.write(f"{plan.row}: {plan.commune.code} {plan.commune.name} / {plan.name}")
        if dry_run:
            self.stdout.write(f"dry run: {len(result.planned)} village(s) would be created")
        else:
            self.stdout.write(f"{result.created} village(s) created")
