"""python manage.py backup [--output FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdtt.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = "Archive the database and uploaded files (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None)

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            path = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup written to {path}")
