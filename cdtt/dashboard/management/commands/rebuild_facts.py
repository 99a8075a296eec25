"""python manage.py rebuild_facts [--period YYYY-MM]: the dashboard facts, from the activities."""

from django.core.management.base import BaseCommand, CommandError

from cdtt.dashboard.facts import periods_with_activities, rebuild
from cdtt.periods import Period


class Command(BaseCommand):
    help = "Rebuild the dashboard facts of one month, or of every month with activities."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: every month)")

    def handle(self, *args, period: str | None = None, **options) -> None:
        try:
            periods = [Period.parse(period)] if period else periods_with_activities()
        except ValueError as error:
            raise CommandError(str(error)) from error
        for month in periods:
            area, members = rebuild(month)
            self.stdout.write(f"{month}: {area} area facts, {members} member facts")
