"""python manage.py load_units: provinces and communes from `vietnam-provinces`."""

from django.core.management.base import BaseCommand

from cdtt.orgunits.loading import load_units


class Command(BaseCommand):
    help = "Load or update the 34 provinces and 3,321 communes (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_units()
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        )
