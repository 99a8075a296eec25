"""Residents' feedback (help requests and their ratings), where the portal collects it.

The portal owns help requests and exposes its figures in cdtt.portal.figures; the dashboard
only calls them (the dashboard sits above the portal: it reads it, the portal never reads the
dashboard).
"""

from dataclasses import dataclass
from datetime import timedelta

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.portal import figures


@dataclass
class Feedback:
    requests: int
    done: int
    rated: int
    rated_high: int
    share_rated_high: float | None
    median_time_to_help: timedelta | None

    @property
    def median_days(self) -> float | None:
        if self.median_time_to_help is None:
            return None
        return round(self.median_time_to_help.total_seconds() / 86400, 1)


def resident_feedback(unit: OrgUnit, first: Period, last: Period) -> Feedback:
    """Requests made in first..last in the subtree: how many, helped, rated, rated 4–5."""
    since, until = first.first_day, last.last_day
    rows = figures.requests_per_village(unit, since, until)
    time_to_help = figures.time_to_help(unit, since, until)
    share = figures.share_rated_high(unit, since, until)
    return Feedback(
        requests=sum(r["requests"] for r in rows),
        done=sum(r["done"] for r in rows),
        rated=sum(r["rated"] for r in rows),
        rated_high=sum(r["rated_high"] for r in rows),
        share_rated_high=share,
        median_time_to_help=time_to_help.median,
    )
