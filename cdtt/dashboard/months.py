"""The range of months a dashboard shows, read from ?from=YYYY-MM&to=YYYY-MM."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.periods import Period

MAX_MONTHS = 60  # five years: enough for any comparison, bounded work


class MonthsError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def months_from(first: str | None, last: str | None) -> tuple[Period, Period]:
    """(first, last): `to` defaults to last month, `from` to `to`; swapped if reversed."""
    try:
        end = Period.parse(last) if last else Period.of(timezone.localdate()).previous()
    except ValueError as error:
        raise MonthsError("to", str(error)) from error
    try:
        start = Period.parse(first) if first else end
    except ValueError as error:
        raise MonthsError("from", str(error)) from error
    if start > end:
        start, end = end, start
    if len(start.range(end)) > MAX_MONTHS:
        raise MonthsError(
            "from", _("At most %(n)s months can be shown at once.") % {"n": MAX_MONTHS}
        )
    return start, end
