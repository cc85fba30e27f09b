"""The words and whole percents of an engine explanation snapshot (`Match.explanation`, a draft
pair's): one label map and one rounding, for the coordinator's tables and people's own pages.

It lives in `mentoring` because a match keeps the explanation it was made with, so the pages
that show it need no engine (DESIGN section 2); `matching.presenters` calls it.
"""

import math

from django import template

register = template.Library()

# Field of the engine's explanation -> (column header for coordinators, words for a person).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "sector": ("Sector", "Public services known"),
    "stage": ("Stage", "Stage of the mutual"),
    "needs": ("Needs", "Help wanted and expertise"),
    "text": ("Goals", "Words in common"),
    "region": ("Place", "Where you would meet"),
}


def field_shares(explanation: dict) -> dict[str, float]:
    """Each known field's share of the score (never below 0), in the fields' order."""
    shares = explanation.get("shares") or {}
    return {
        name: max(float(shares[name]), 0.0)
        for name in FIELD_LABELS
        if isinstance(shares.get(name), int | float)
    }


def whole_percents(parts: dict[str, float], *, total: int) -> dict[str, int]:
    """Round per-cent parts to whole numbers that add up to `total` (largest remainder).

    Ties go to the field listed first in `FIELD_LABELS`, so a page reads the same every time.
    """
    fields = list(parts)
    floors = {f: math.floor(v) for f, v in parts.items()}
    missing = total - sum(floors.values())
    by_remainder = sorted(fields, key=lambda f: (-(parts[f] - floors[f]), fields.index(f)))
    for f in by_remainder[: max(missing, 0)]:
        floors[f] += 1
    return floors


@register.filter
def score_shares(explanation: dict) -> list[tuple[str, int]]:
    """(column header, whole per cent of a perfect score) per field; they add up to the score
    shown beside them, rounded: "Sector 25%, Stage 20%, ..." for a score of 71%."""
    exact = {f: v * 100 for f, v in field_shares(explanation).items()}
    rounded = whole_percents(exact, total=round(sum(exact.values())))
    return [(FIELD_LABELS[f][0], rounded[f]) for f in exact]


def match_parts(explanation: dict) -> list[tuple[str, str, float, int]]:
    """(field, words, part of the score, whole per cent adding up to 100) for each field that
    counted, the biggest part first."""
    shares = {f: v for f, v in field_shares(explanation).items() if v > 0}
    total = sum(shares.values())
    if total <= 0:
        return []
    parts = {f: v / total for f, v in shares.items()}
    rounded = whole_percents({f: p * 100 for f, p in parts.items()}, total=100)
    order = sorted(parts, key=lambda f: (-parts[f], f))
    return [(f, FIELD_LABELS[f][1], parts[f], rounded[f]) for f in order]
