"""`{{ match.score|score }}`: a match score as every page and export shows it ("46%")."""

from django import template

from mentoring.scores import score_text

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return score_text(value)
