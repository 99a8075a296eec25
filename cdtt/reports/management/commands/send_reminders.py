"""python manage.py send_reminders [--today YYYY-MM-DD]: the reminder job, run by hand."""

from datetime import date

from django.core.management.base import BaseCommand

from cdtt.reports.reminders import send_reminders


class Command(BaseCommand):
    help = "Send report reminders, overdue notices and digests (nothing is sent twice)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today: date | None, **options) -> None:
        run = send_reminders(today)
        self.stdout.write(
            f"reminders {run.reminders}, overdue notices {run.overdue}, digests {run.digests}"
        )
