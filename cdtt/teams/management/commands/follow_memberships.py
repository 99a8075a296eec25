"""python manage.py follow_memberships: close the accounts of members on no team today,
reopen those closed for that reason whose member joined a team again (also run every night
by the Huey consumer)."""

from datetime import date

from django.core.management.base import BaseCommand

from cdtt.teams.member_accounts import follow_everyone


class Command(BaseCommand):
    help = "Accounts follow memberships: close those of members on no team, reopen returning ones."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today: date | None = None, **options) -> None:
        closed, reopened = follow_everyone(today)
        self.stdout.write(f"Accounts closed: {closed}; reopened: {reopened}.")
