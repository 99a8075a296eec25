"""What the steering committee's pages and the dashboard read of its work: who read a
directive, the teams nobody has inspected lately and the follow-up tasks left overdue.

Where leaders look regularly, teams work: the dashboard flags teams not inspected for
DASHBOARD_INSPECTION_MONTHS months and follow-ups past their due date.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import timezone

from cdtt.accounts.scoping import scope
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Membership, Team

from .models import Directive, DirectiveRead, FollowUp


@dataclass
class Reader:
    membership: Membership
    read_at: object = None  # datetime, or None: not read yet

    @property
    def has_account(self) -> bool:
        return self.membership.member.user_id is not None


def read_status(viewer, directive: Directive) -> list[Reader]:
    """Every current member of the directive's teams that the viewer may see, with when they
    read it (members without an account cannot: they are listed as such). Two queries."""
    memberships = (
        Membership.objects.current()
        .filter(team__in=scope(viewer, directive.teams.all()))
        .select_related("member", "team__unit")
        .order_by("team__unit__name_sort", "member__name_sort")
    )
    reads = dict(
        DirectiveRead.objects.filter(directive=directive).values_list("user_id", "read_at")
    )
    return [Reader(m, reads.get(m.member.user_id)) for m in memberships]


def months_ago(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def not_inspected(unit: OrgUnit, today: date | None = None):
    """Teams of the subtree without an inspection in the last N months (`last_inspected`
    annotated, None for never), longest neglected first: a query, so a page reads only the
    rows it shows (a province has thousands of teams)."""
    today = today or timezone.localdate()
    since = months_ago(today, settings.DASHBOARD_INSPECTION_MONTHS)
    return (
        Team.objects.in_subtree(unit)
        .filter(unit__valid_until__isnull=True)
        .select_related("unit__parent")
        .annotate(last_inspected=Max("inspections__date"))
        .filter(Q(last_inspected__isnull=True) | Q(last_inspected__lt=since))
        .order_by(F("last_inspected").asc(nulls_first=True), "unit__name_sort", "pk")
    )


def overdue_follow_ups(unit: OrgUnit, today: date | None = None):
    """Follow-up tasks of the subtree past their due date and not done, oldest first."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.in_subtree(unit)
        .filter(done_on__isnull=True, due_date__lt=today)
        .select_related("inspection__team__unit__parent")
        .order_by("due_date", "pk")
    )
