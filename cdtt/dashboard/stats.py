"""Every dashboard figure of a unit and a range of months as plain data: the API's answer.

The rows are those of the dashboard's tables (`tables`: one row builder per figure); the
API's serializers are made from the same shapes (`api`), so they answer what the page shows.
"""

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.skills.figures import skills_stats
from cdtt.steering.selectors import not_inspected, overdue_follow_ups

from .feedback import resident_feedback
from .figures import Figures, threshold
from .lines import Listing
from .tables import (
    by_type_rows,
    completeness_row,
    coverage_row,
    follow_up_row,
    not_inspected_row,
    participation_row,
    ranking_row,
    seat_rows,
    trend_rows,
)

SEAT_LISTS = ("performing", "dropouts", "inactive")


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def seat_list(listing: Listing, unit: OrgUnit) -> dict:
    """A list of seats as far as it was read, with how many it holds in all."""
    return {"count": listing.total, "results": seat_rows(listing.lines, "", unit)}


def seat_page(unit: OrgUnit, first: Period, last: Period, kind: str, page: int, size: int):
    """Page `page` (from 1) of a list of seats (one of SEAT_LISTS), `size` seats a page."""
    listing = Figures(unit, first, last).listing_page(kind, size, (page - 1) * size)
    return seat_list(listing, unit)


def unit_stats(unit: OrgUnit, first: Period, last: Period, page_size: int) -> dict:
    """The figures of the dashboard page, for the API (GET /api/v1/stats/); of each list of
    seats, the first `page_size` seats and how many there are (the rest: `seat_page`)."""
    figures = Figures(unit, first, last)
    completeness = figures.completeness()
    total_cover, child_cover = figures.coverage()
    feedback = resident_feedback(unit, figures.first, figures.last)
    return {
        "orgunit": {"id": unit.pk, "name": unit.name, "level": unit.level},
        "from": str(figures.first),
        "to": str(figures.last),
        "reference_day": figures.reference_day,
        "performing_threshold": threshold(),
        "totals": figures.totals(),
        "by_type": by_type_rows(figures),
        "participation": participation_row(figures.participation()),
        "by_affiliation": [participation_row(p) for p in figures.by_affiliation()],
        "by_age_band": [participation_row(p) for p in figures.by_age_band()],
        **{kind: seat_list(figures.listing(kind, page_size), unit) for kind in SEAT_LISTS},
        "completeness": completeness_row(completeness["total"], figures.last),
        "coverage": {
            "total": coverage_row(total_cover),
            "children": [coverage_row(c) for c in child_cover],
        },
        "trend": trend_rows(figures),
        "ranking": [ranking_row(c) for c in figures.ranking(completeness)],
        "feedback": None
        if feedback is None
        else {
            "requests": feedback.requests,
            "done": feedback.done,
            "rated": feedback.rated,
            "rated_high": feedback.rated_high,
            "share_rated_high": _share(feedback.share_rated_high),
            "median_days_to_help": feedback.median_days,
        },
        "not_inspected": [not_inspected_row(t, unit) for t in not_inspected(unit)],
        "overdue_follow_ups": [follow_up_row(f, unit) for f in overdue_follow_ups(unit)],
        "skills": skills_stats(unit),
    }
