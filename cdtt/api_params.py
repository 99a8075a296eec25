"""Query parameters of the API's lists, read strictly: a filter that is not what it says is
a 400 naming the parameter, never silently ignored (a client that sends `?team=null` learns
its mistake instead of receiving every team). Absent means no filter; a parameter given
twice, or empty where a value is needed, is a mistake too.

Each reader has a matching declaration for the OpenAPI schema (`MONTH`, `DAY`…), so the
schema says exactly what the reader takes.
"""

from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from cdtt.accounts.scoping import as_id
from cdtt.periods import Period

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"  # YYYY-MM
ID_PATTERN = r"^[0-9]{1,18}$"


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def one(params, name: str) -> str | None:
    """The parameter's one value, or None when it is absent."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise _refuse(name, _("Give this parameter once."))
    return values[0]


def text(params, name: str) -> str:
    """Free text (a search): "" when absent or empty."""
    return (one(params, name) or "").strip()


def identifier(params, name: str) -> int | None:
    """An id; None when absent."""
    value = one(params, name)
    if value is None:
        return None
    found = as_id(value)
    if found is None:
        raise _refuse(name, _("“%(value)s” is not an id.") % {"value": value[:40]})
    return found


def choice(params, name: str, choices) -> str | None:
    """One of `choices`; None when absent."""
    value = one(params, name)
    if value is None:
        return None
    if value not in choices:
        raise _refuse(
            name,
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value[:40], "choices": ", ".join(choices)},
        )
    return value


def day(params, name: str) -> date | None:
    """A date, YYYY-MM-DD; None when absent."""
    value = one(params, name)
    if value is None:
        return None
    try:
        found = parse_date(value)
    except ValueError:
        found = None
    if found is None:
        raise _refuse(name, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value[:40]})
    return found


def month(params, name: str) -> Period | None:
    """A month, YYYY-MM; None when absent."""
    value = one(params, name)
    if value is None:
        return None
    try:
        return Period.parse(value)
    except ValueError as error:
        raise _refuse(
            name, _("“%(value)s” is not a month (YYYY-MM).") % {"value": value[:40]}
        ) from error


class Pagination(PageNumberPagination):
    """DRF's page numbers, read like the other parameters: `page` once, and a number."""

    def get_page_number(self, request, paginator):
        value = one(request.query_params, self.page_query_param)
        if value is None:
            return 1
        if not value.isdecimal() or len(value) > 9:
            raise NotFound(_("“%(value)s” is not a page number.") % {"value": value[:40]})
        return value
