"""Load the seeded catalogue of guidable tasks (what migration 0002 loads), if missing."""

from typing import Any

from django.core.management.base import BaseCommand

from cdtt.skills.catalogue import seed_catalogue


class Command(BaseCommand):
    help = "Create the seeded guidable tasks, their guides and check questions that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        added = seed_catalogue()
        self.stdout.write(f"{added} task(s) added")
