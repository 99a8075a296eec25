"""Phone numbers: every way people and Excel write a Vietnamese mobile gives one stored form."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtt.teams.rules import parse_phone
from cdtt.vietnamese import MOBILE_PREFIXES, normalize_phone


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(091) 234 5678",
        "+84 912345678",
        "+84 912 345 678",
        "84912345678",
        "0084912345678",
        "912345678",  # the leading zero lost in Excel, as text
        912345678,  # ... or as a number
        912345678.0,  # ... or as a float read from the cell
        "912345678.0",  # ... or that float written out as text
        "  0912345678  ",
        "0912/345/678",
    ],
)
def test_every_usual_form_gives_ten_digits_with_the_leading_zero(typed):
    assert normalize_phone(typed) == "0912345678"
    assert parse_phone(typed) == "0912345678"


@pytest.mark.parametrize(
    "typed",
    [
        "091234567",  # nine digits starting with 0
        "09123456789",  # eleven digits
        "0212345678",  # 02x is a landline area code, not a mobile network
        "0112345678",
        "+1 912345678",
        "0912abc678",
        "không có",
        "84 91234567",  # 84 and only 8 more digits
        "12345",
        "0812345678901",
    ],
)
def test_what_is_not_a_vietnamese_mobile_is_refused_with_a_message(typed):
    with pytest.raises(ValueError) as error:
        normalize_phone(typed)
    assert str(typed).strip() in str(error.value) or "+1" in str(error.value)


def test_an_empty_cell_is_no_phone_not_an_error():
    assert parse_phone(None) is None
    assert parse_phone("") is None
    assert parse_phone("   ") is None


SEPARATORS = st.sampled_from(["", " ", ".", "-"])


@st.composite
def typed_mobiles(draw):
    """A valid mobile, and the way someone typed it."""
    prefix = draw(st.sampled_from(sorted(MOBILE_PREFIXES)))
    rest = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    stored = f"0{prefix}{rest}"
    digits = stored[1:]
    lead = draw(st.sampled_from(["0", "+84", "84", "0084", "+84 ", ""]))
    sep = draw(SEPARATORS)
    grouped = sep.join([digits[:2], digits[2:5], digits[5:]]) if sep else digits
    if lead == "84" and sep:
        lead = "0"  # "84 91 234..." is ambiguous with separators; people do not write it
    return stored, f"{lead}{grouped}"


@given(typed_mobiles())
def test_any_typed_form_of_a_mobile_gives_back_the_stored_form(case):
    stored, typed = case
    assert normalize_phone(typed) == stored


@given(st.text(max_size=20))
def test_normalising_gives_ten_digits_or_refuses_and_is_idempotent(text):
    try:
        phone = normalize_phone(text)
    except ValueError:
        return
    assert len(phone) == 10 and phone.isdigit() and phone.startswith("0")
    assert int(phone[1:3]) in MOBILE_PREFIXES
    assert normalize_phone(phone) == phone
