"""Help-request figures for the dashboard: requests per village, time to help, ratings.

Each function takes the unit whose subtree to count (None: everywhere) and an optional
range of days on which requests were made; callers pass the unit their user may see.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db.models import Count, Q, QuerySet

from cdtt.orgunits.models import OrgUnit

from .models import HelpRequest, HelpStatus

HIGH_RATINGS = (4, 5)


@dataclass(frozen=True)
class TimeToHelp:
    helped: int
    median: timedelta | None
    average: timedelta | None


def help_requests(
    within: OrgUnit | None = None, since: date | None = None, until: date | None = None
) -> QuerySet:
    """The requests counted: in the subtree, made between since and until (inclusive)."""
    requests = HelpRequest.objects.all()
    if within is not None:
        requests = requests.in_subtree(within)
    if since is not None:
        requests = requests.filter(created_at__date__gte=since)
    if until is not None:
        requests = requests.filter(created_at__date__lte=until)
    return requests


def requests_per_village(within=None, since=None, until=None) -> list[dict]:
    """One row per village: requests, done, rated, rated 4–5 (villages with requests only)."""
    return list(
        help_requests(within, since, until)
        .values("village", "village__name")
        .annotate(
            requests=Count("id"),
            done=Count("id", filter=Q(status=HelpStatus.DONE)),
            rated=Count("id", filter=Q(rating__isnull=False)),
            rated_high=Count("id", filter=Q(rating__in=HIGH_RATINGS)),
        )
        .order_by("village__name_sort", "village")
    )


def time_to_help(within=None, since=None, until=None) -> TimeToHelp:
    """From asking to done, over the requests that were helped."""
    spans = [
        done - asked
        for asked, done in help_requests(within, since, until)
        .filter(status=HelpStatus.DONE, done_at__isnull=False)
        .values_list("created_at", "done_at")
    ]
    if not spans:
        return TimeToHelp(0, None, None)
    return TimeToHelp(len(spans), median(spans), sum(spans, timedelta()) / len(spans))


def share_rated_high(within=None, since=None, until=None) -> float | None:
    """Of the rated requests, the share rated 4 or 5 stars (None when none was rated)."""
    figures = help_requests(within, since, until).aggregate(
        rated=Count("id", filter=Q(rating__isnull=False)),
        high=Count("id", filter=Q(rating__in=HIGH_RATINGS)),
    )
    return figures["high"] / figures["rated"] if figures["rated"] else None
