"""python manage.py erase_help_requests: personal data of long-closed requests is erased."""

from django.conf import settings
from django.core.management.base import BaseCommand

from cdtt.portal.actions.help_requests import erase_closed


class Command(BaseCommand):
    help = (
        "Erase name, phone and free text of help requests closed more than "
        "PORTAL_ERASE_AFTER_DAYS days ago; counts and ratings stay (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PORTAL_ERASE_AFTER_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        count = erase_closed(days=days)
        self.stdout.write(f"Erased the personal data of {count} help request(s).")
