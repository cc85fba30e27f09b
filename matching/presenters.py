"""How the matching pages word and round what the selectors return: scores, shares, choices."""

from matching.selectors.cohort import CohortResult
from matching.selectors.runs import SwapChoice
from mentoring.scores import score_percent, score_text
from mentoring.templatetags.explanations import score_shares


def percent(value: float) -> int:
    return score_percent(value)


def ranked_rows(ranked) -> list[dict]:
    """Suggested or excluded mentors as the review page lists them."""
    return [
        {
            "mentor": item.mentor,
            "percent": percent(item.score),
            "summary": item.explanation.get("summary", ""),
            "shares": score_shares(item.explanation),
            "reason": item.reason,
        }
        for item in ranked
    ]


def swap_choice_label(choice: SwapChoice) -> str:
    return f"{choice.ranked.mentor.user.display_name} ({score_text(choice.ranked.score)})"


def swap_choice_hint(choice: SwapChoice) -> str:
    mentor = choice.ranked.mentor
    places = f"{choice.places_left} place{'s' if choice.places_left != 1 else ''} left"
    where = f"; {mentor.region.name}" if mentor.region_id else ""
    summary = choice.ranked.explanation.get("summary", "")
    return f"{summary} ({places} in this draft{where})".strip()


def cohort_summary_lines(result: CohortResult) -> list[str]:
    """What `match_cohort` prints: the numbers the run page shows, in the same words."""
    matched = len(result.pairs)
    average = result.total / matched if matched else 0.0
    lines = [
        f"Open requests: {result.requests}; mentors with places free: {result.mentors}",
        f"Matched: {matched}; unmatched: {len(result.unmatched)}",
        f"Total score: {result.total:.3f}; average: {score_text(average)}; "
        f"lowest: {score_text(result.lowest)}",
        "Optimal for the whole problem: " + ("yes" if result.certified else "not proven"),
        "Time: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()),
    ]
    reasons: dict[str, int] = {}
    for _, reason in result.unmatched:
        reasons[reason] = reasons.get(reason, 0) + 1
    lines += [f"  unmatched, {reason}: {count}" for reason, count in sorted(reasons.items())]
    return lines
