"""Whole numbers read from what people type or send: ASCII digits only, never a server error."""

import pytest

from mentoring.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"), [("7", 7), (" 42 ", 42), ("007", 7), ("9" * 18, 10**18 - 1)]
)
def test_ascii_digits_are_a_number(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "text", ["", " ", "²", "３", "٣", "1.5", "-1", "+1", "1e3", "9" * 19, None, 7]
)
def test_anything_else_is_not(text):
    assert whole_number(text) is None
