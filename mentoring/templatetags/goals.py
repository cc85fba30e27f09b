"""The limit of a pair's goals in page text: `{% max_goals as most %}`."""

from django import template

from mentoring.models.goals import MAX_GOALS

register = template.Library()


@register.simple_tag
def max_goals() -> int:
    return MAX_GOALS
