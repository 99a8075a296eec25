"""python manage.py escalate_help_requests: requests nobody took in N days go to the commune."""

from django.conf import settings
from django.core.management.base import BaseCommand

from cdtt.portal.actions.help_requests import escalate_unanswered


class Command(BaseCommand):
    help = "Escalate help requests unanswered for PORTAL_ESCALATE_AFTER_DAYS days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PORTAL_ESCALATE_AFTER_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        count = escalate_unanswered(days=days)
        self.stdout.write(f"Escalated {count} help request(s) waiting over {days} day(s).")
