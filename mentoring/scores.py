"""How a match score (0 to 1 from the matching engine) is shown: one way, everywhere, as a
whole per cent of a perfect fit. Pages use the `score` template filter, exports `score_text`,
the matching pages `score_percent` beside a "%"."""


def score_percent(value: float) -> int:
    return round(float(value) * 100)


def score_text(value: float | None) -> str:
    """A score as a whole per cent of a perfect fit ("46%"); "" when there is none."""
    if value is None or value == "":
        return ""
    return f"{score_percent(value)}%"
