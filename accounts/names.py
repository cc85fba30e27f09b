"""Cleaning the names people type: full names, organisation names, headlines.

Names are shown to other people (coordinators, mentors, mentees, CSV exports), so invisible
characters that reorder or hide text (bidirectional overrides and isolates, zero-width spaces
and joiners, the byte-order mark: Unicode's "format" category, Cf) must not get in; nor may
control characters. Runs of whitespace become one space.
"""

import unicodedata

# Cf (format) covers U+200B-200F, U+202A-202E, U+2060-2064, U+2066-2069, U+FEFF, U+00AD and the
# rest; Cc (control) covers C0/C1 controls. Whitespace controls (tab, newline) become spaces.
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc"})


def name_clean(value: str) -> str:
    """``value`` without invisible format or control characters, its whitespace collapsed."""
    if not value:
        return ""
    kept = "".join(
        " " if char.isspace() else char
        for char in value
        if char.isspace() or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return " ".join(kept.split())
