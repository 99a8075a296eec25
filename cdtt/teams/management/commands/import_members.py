"""python manage.py import_members FILE.xlsx [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdtt.teams.imports import ALREADY, JOIN, NEW, import_members

ACTIONS = {NEW: "new member", JOIN: "joins the team", ALREADY: "already in the team"}


class Command(BaseCommand):
    help = "Import team members from an Excel file; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        result = import_members(file.read_bytes(), dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s) in {file}; nothing was imported.")
        for plan in result.planned:
            self.stdout.write(
                f"{plan.row}: {plan.unit.name} / {plan.full_name} {plan.phone or '-'}"
                f" ({plan.role}): {ACTIONS[plan.action]}"
            )
        if dry_run:
            self.stdout.write(
                f"dry run: {result.count(NEW)} new member(s), "
                f"{result.count(NEW) + result.count(JOIN)} new membership(s), "
                f"{result.count(ALREADY)} already in their team"
            )
        else:
            self.stdout.write(
                f"{result.members_created} member(s) and {result.memberships_created} "
                f"membership(s) created; {result.count(ALREADY)} already in their team"
            )
