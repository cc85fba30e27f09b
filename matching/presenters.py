"""How the matching pages word and round what the selectors return: scores, shares, choices."""

import math

from matching.selectors.runs import SwapChoice

SHARE_LABELS = {
    "sector": "Sector",
    "stage": "Stage",
    "needs": "Needs",
    "text": "Goals",
    "region": "Place",
}


def percent(value: float) -> int:
    return round(value * 100)


def share_rows(explanation: dict) -> list[tuple[str, int]]:
    """(label, whole percent) per field, rounded so the shares add up to the rounded score.

    Largest-remainder rounding: the coordinator reads "Sector 25%, Stage 20%, ..." and the
    parts sum to the score shown beside them.
    """
    shares = explanation.get("shares") or {}
    fields = [f for f in SHARE_LABELS if f in shares]
    exact = {f: max(float(shares[f]), 0.0) * 100 for f in fields}
    target = round(sum(exact.values()))
    floors = {f: math.floor(v) for f, v in exact.items()}
    missing = target - sum(floors.values())
    by_remainder = sorted(fields, key=lambda f: (-(exact[f] - floors[f]), fields.index(f)))
    for f in by_remainder[: max(missing, 0)]:
        floors[f] += 1
    return [(SHARE_LABELS[f], floors[f]) for f in fields]


def ranked_rows(ranked) -> list[dict]:
    """Suggested or excluded mentors as the review page lists them."""
    return [
        {
            "mentor": item.mentor,
            "percent": percent(item.score),
            "summary": item.explanation.get("summary", ""),
            "shares": share_rows(item.explanation),
            "reason": item.reason,
        }
        for item in ranked
    ]


def swap_choice_label(choice: SwapChoice) -> str:
    return f"{choice.ranked.mentor.user.display_name} ({choice.ranked.score:.0%})"


def swap_choice_hint(choice: SwapChoice) -> str:
    mentor = choice.ranked.mentor
    places = f"{choice.places_left} place{'s' if choice.places_left != 1 else ''} left"
    where = f"; {mentor.region.name}" if mentor.region_id else ""
    summary = choice.ranked.explanation.get("summary", "")
    return f"{summary} ({places} in this draft{where})".strip()
