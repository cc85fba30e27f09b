"""Whole numbers people type or send in an address: ASCII digits only.

`str.isdigit()` is true for other scripts' digits and for superscripts ("²"), which `int()`
then refuses (or reads in another script): checking with it and converting with `int()` lets
such text through to a server error. Read a number with `whole_number` instead.
"""

import re

# At most 18 digits: every such number fits a 64-bit integer column.
_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: object) -> int | None:
    """The number written in `text` (surrounding spaces allowed), or None if it is not one."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    return int(text) if _DIGITS.fullmatch(text) else None
