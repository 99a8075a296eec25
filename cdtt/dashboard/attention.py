"""What needs action in a unit, said first on its dashboard page: months waiting for the
commune, reports not confirmed or missing, communes behind, unlock requests, teams never
inspected, follow-up tasks overdue. Counts of the unit, the same for every officer who may
open its page, so they are shared for a short while like the figures below them (and
recomputed with them); the links are the viewer's: an officer's own unit links to their
to-do, any other unit to its month."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.accounts.scoping import root_unit
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.reports.models import UnlockRequest
from cdtt.reports.progress import behind_units, due_period, month_counts
from cdtt.steering.selectors import not_inspected, overdue_follow_ups


@dataclass
class Attention:
    label: str
    count: int
    url: str


def counts(unit: OrgUnit, today=None) -> dict[str, int]:
    """The unit's counts of what needs action (about five statements)."""
    today = today or timezone.localdate()
    period = due_period(today)
    found: dict[str, int] = {}
    if unit.level == Level.COMMUNE:
        month = month_counts(unit, period)
        found.update(approvable=month.approvable_teams, waiting=month.reports_waiting,
                     not_reported=month.not_reported)  # fmt: skip
    elif unit.level == Level.PROVINCE:
        found["behind"] = len(behind_units(unit, period))
        found["unlock"] = (
            UnlockRequest.objects.in_subtree(unit).filter(closed_at__isnull=True).count()
        )
    stale = not_inspected(unit, today)
    found["never"] = stale.filter(last_inspected__isnull=True).count()
    found["stale"] = stale.filter(last_inspected__isnull=False).count()
    found["overdue"] = overdue_follow_ups(unit, today).count()
    return found


def needs_action(user, unit: OrgUnit, found: dict[str, int]) -> list[Attention]:
    """The counts that are not zero, each with the page where the viewer does the work."""
    top = root_unit(user)
    own = top is not None and top.pk == unit.pk
    todo = reverse("home:todo")
    month = reverse("reports:unit", args=[unit.pk, str(due_period())])
    page = reverse("dashboard:unit", args=[unit.pk])

    def where(anchor: str) -> str:
        return f"{todo}#{anchor}" if own else month

    items = [
        ("approvable", _("teams' months wait for approval"), where("approve")),
        ("waiting", _("reports wait for the leader's confirmation"), where("confirm")),
        ("not_reported", _("members have not reported"), where("missing")),
        ("behind", _("communes behind on their reports"), where("behind")),
        ("unlock", _("requests to unlock a month"), where("unlock")),
        ("never", _("teams never inspected"), f"{page}#not_inspected"),
        ("stale", _("teams not inspected for %(months)d months")
         % {"months": settings.DASHBOARD_INSPECTION_MONTHS}, f"{page}#not_inspected"),
        ("overdue", _("follow-up tasks overdue"), f"{page}#follow_ups"),
    ]  # fmt: skip
    return [Attention(label, found[key], url) for key, label, url in items if found.get(key)]
