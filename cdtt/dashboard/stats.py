"""Every dashboard figure of a unit and a range of months as plain data: the API's answer."""

from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.steering.selectors import not_inspected, overdue_follow_ups

from .feedback import resident_feedback
from .figures import Figures, threshold
from .lines import Listing, Participation, SeatLine

SEAT_LISTS = ("performing", "dropouts", "inactive")


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _participation(p: Participation) -> dict:
    return {
        "key": p.key,
        "label": str(p.label),
        "seats": p.seats,
        "active": p.active,
        "performing": p.performing,
        "activities": p.activities,
        "share": _share(p.share),
    }


def _seat(line: SeatLine) -> dict:
    seat = line.seat
    return {
        "member": seat.member.pk,
        "name": seat.member.full_name,
        "team": seat.team.pk,
        "unit": seat.team.unit.name,
        "activities": line.activities,
        "last_date": line.last_date,
        "days_since": line.days_since,
    }


def seat_list(listing: Listing) -> dict:
    """A list of seats as far as it was read, with how many it holds in all."""
    return {"count": listing.total, "results": [_seat(line) for line in listing.lines]}


def seat_page(unit: OrgUnit, first: Period, last: Period, kind: str, page: int, size: int):
    """Page `page` (from 1) of a list of seats (one of SEAT_LISTS), `size` seats a page."""
    return seat_list(Figures(unit, first, last).listing_page(kind, size, (page - 1) * size))


def unit_stats(unit: OrgUnit, first: Period, last: Period, page_size: int) -> dict:
    """The figures of the dashboard page, for the API (GET /api/v1/stats/); of each list of
    seats, the first `page_size` seats and how many there are (the rest: `seat_page`)."""
    figures = Figures(unit, first, last)
    completeness = figures.completeness()
    total_cover, child_cover = figures.coverage()
    feedback = resident_feedback(unit, figures.first, figures.last)
    cover = [
        {
            "orgunit": c.unit.pk,
            "name": c.unit.name,
            "villages": c.villages,
            "households": c.households,
            "households_reached": c.reached,
            "share": _share(c.share),
            "households_without_smartphone": c.without_smartphone,
            "met_without_smartphone": c.met_without_smartphone,
        }
        for c in [total_cover, *child_cover]
    ]
    return {
        "orgunit": {"id": unit.pk, "name": unit.name, "level": unit.level},
        "from": str(figures.first),
        "to": str(figures.last),
        "reference_day": figures.reference_day,
        "performing_threshold": threshold(),
        "totals": figures.totals(),
        "by_type": [
            {
                "type": line.type.code,
                "name": line.type.display_name,
                "counts": line.type.counts,
                "activities": line.activities,
                "count": line.count,
                "women": line.women,
                "ethnic_minority": line.ethnic_minority,
                "elderly": line.elderly,
                "households_without_smartphone": line.households_without_smartphone,
            }
            for line in figures.by_type()
        ],
        "participation": _participation(figures.participation()),
        "by_affiliation": [_participation(p) for p in figures.by_affiliation()],
        "by_age_band": [_participation(p) for p in figures.by_age_band()],
        **{kind: seat_list(figures.listing(kind, page_size)) for kind in SEAT_LISTS},
        "completeness": {"period": str(figures.last), **completeness["total"].as_dict()},
        "coverage": {"total": cover[0], "children": cover[1:]},
        "trend": [
            {
                "period": str(t.period),
                "activities": t.activities,
                "people": t.people,
                "seats": t.seats,
                "active": t.active,
                "share": _share(t.share),
            }
            for t in figures.trend()
        ],
        "ranking": [
            {
                "orgunit": c.unit.pk,
                "name": c.unit.name,
                **{
                    k: v
                    for k, v in _participation(c.participation).items()
                    if k not in ("key", "label")
                },
                "count": c.count,
                "people": c.people,
                "completeness": _share(c.completeness),
            }
            for c in figures.ranking(completeness)
        ],
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
        "not_inspected": [
            {"team": t.pk, "unit": t.unit.name, "last_inspected": t.last_inspected}
            for t in not_inspected(unit)
        ],
        "overdue_follow_ups": [
            {
                "id": f.pk,
                "team": f.inspection.team_id,
                "unit": f.inspection.team.unit.name,
                "task": f.task,
                "due_date": f.due_date,
            }
            for f in overdue_follow_ups(unit)
        ],
    }
