"""python manage.py seed_demo: the story's district in Điện Biên, deterministic from a seed."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cdtt.dashboard.models import MonthlyFact
from cdtt.demo.accounts import seed_accounts, seed_member_accounts
from cdtt.demo.activities import seed_activities
from cdtt.demo.members import seed_members
from cdtt.demo.places import seed_places
from cdtt.demo.portal import seed_portal
from cdtt.demo.reports import seed_reports
from cdtt.demo.sessions import seed_sessions
from cdtt.demo.skills import seed_skills


class Command(BaseCommand):
    help = "Load the demo district (19 communes, 177 villages) and the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, seed: int, **options) -> None:
        communes = seed_places(seed)
        users = seed_accounts()
        villages = sum(c.children.count() for c in communes)
        self.stdout.write(f"Demo: {len(communes)} communes, {villages} villages in Điện Biên.")
        self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for user in users:
            where = user.orgunit.name if user.orgunit else "cả nước / whole country"
            self.stdout.write(f"  {user.username:<14} {user.get_role_display():<38} {where}")
        members = seed_members(seed, communes)
        self.stdout.write(f"Demo members: {members} added to the {len(communes)} communes' teams.")
        accounts = seed_member_accounts()
        self.stdout.write(
            f"Demo member accounts: {accounts} added in Xã Mường Mùn (half of its villages; "
            "the others are left to try issuing accounts)."
        )
        added = seed_activities(seed)
        self.stdout.write(f"Demo activities: {added} added (6 months, for the members that exist).")
        sessions = seed_sessions(seed)  # before the reports lock the past months
        self.stdout.write(f"Demo help sessions: {sessions} added in Xã Mường Mùn's villages.")
        if added or not MonthlyFact.objects.exists():
            # Demo activities are bulk-loaded past the write functions: build the facts once.
            call_command("rebuild_facts", stdout=self.stdout)
        reports = seed_reports(seed, communes)
        self.stdout.write(f"Demo reports: {reports} added (5 months approved, the last one open).")
        self.stdout.write(seed_portal(seed))
        levels = seed_skills(seed, communes)
        self.stdout.write(f"Demo skills: {levels} levels added (Youth Union broad, elders narrow).")
