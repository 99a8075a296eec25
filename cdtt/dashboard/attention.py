"""What needs action in a unit, said first on its dashboard page: months waiting for the
commune, reports not confirmed or missing, communes behind, unlock requests, teams never
inspected, follow-up tasks overdue. A few counts, read fresh at each view (the figures
below them may be shared for a minute); each links to where the work is done."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.accounts.scoping import root_unit
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.periods import Period
from cdtt.reports.progress import behind_units, month_counts, open_unlock_requests

from .inspections import not_inspected, overdue_follow_ups


@dataclass
class Attention:
    label: str
    count: int
    url: str


def needs_action(user, unit: OrgUnit, today=None) -> tuple[Period, list[Attention]]:
    """The due month and what needs action in `unit` (only what is not zero)."""
    today = today or timezone.localdate()
    period = Period.of(today).previous()
    own = root_unit(user) is not None and root_unit(user).pk == unit.pk
    todo = reverse("home:todo")
    month = reverse("reports:unit", args=[unit.pk, str(period)])
    items = []
    if unit.level == Level.COMMUNE:
        counts = month_counts(unit, period)
        items += [
            Attention(_("teams' months wait for approval"), counts.approvable_teams,
                      f"{todo}#approve" if own else month),
            Attention(_("reports wait for the leader's confirmation"), counts.reports_waiting,
                      f"{todo}#confirm" if own else month),
            Attention(_("members have not reported"), counts.not_reported,
                      f"{todo}#missing" if own else month),
        ]  # fmt: skip
    elif unit.level == Level.PROVINCE:
        items += [
            Attention(_("communes behind on their reports"), len(behind_units(unit, period)),
                      f"{todo}#behind" if own else month),
            Attention(
                _("requests to unlock a month"),
                open_unlock_requests(user).filter(
                    team_month__team__unit__path__startswith=unit.path
                ).count(),
                f"{todo}#unlock",
            ),
        ]  # fmt: skip
    never = not_inspected(unit, today).filter(last_inspected__isnull=True).count()
    stale = not_inspected(unit, today).filter(last_inspected__isnull=False).count()
    page = reverse("dashboard:unit", args=[unit.pk])
    items += [
        Attention(_("teams never inspected"), never, f"{page}#not_inspected"),
        Attention(_("teams not inspected for %(months)d months")
                  % {"months": settings.DASHBOARD_INSPECTION_MONTHS}, stale,
                  f"{page}#not_inspected"),
        Attention(_("follow-up tasks overdue"), overdue_follow_ups(unit, today).count(),
                  f"{page}#follow_ups"),
    ]  # fmt: skip
    return period, [item for item in items if item.count]
