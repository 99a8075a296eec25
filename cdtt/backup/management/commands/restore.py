"""python manage.py restore FILE --yes"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cdtt.backup.archive import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and uploaded files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirm: current data is replaced")

    def handle(self, *args, file: Path, yes: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if not yes:
            raise CommandError("restore replaces all current data; run again with --yes")
        try:
            counts = restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {sum(counts.values())} rows in {len(counts)} tables")
