"""The period type: parsing, bounds, neighbours, for any month."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtt.periods import Period


def test_parse_print_and_label():
    period = Period.parse("2026-11")
    assert (period.year, period.month, str(period), period.label) == (
        2026,
        11,
        "2026-11",
        "11/2026",
    )
    for bad in ["2026-13", "2026-1", "11/2026", "", "2026-00"]:
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_bounds_and_leap_years():
    assert Period(2028, 2).last_day == date(2028, 2, 29)
    assert Period(2026, 2).days == 28
    assert Period(2026, 12).next() == Period(2027, 1)
    assert Period(2027, 1).previous() == Period(2026, 12)
    assert Period(2026, 10).range(Period(2027, 1)) == [
        Period(2026, 10), Period(2026, 11), Period(2026, 12), Period(2027, 1),
    ]  # fmt: skip


@given(st.dates(min_value=date(2000, 2, 1), max_value=date(2100, 11, 30)))
def test_every_day_is_in_exactly_its_period(day):
    period = Period.of(day)
    assert period.contains(day)
    assert not period.next().contains(day) and not period.previous().contains(day)
    assert period.next().previous() == period
    assert Period.parse(str(period)) == period
