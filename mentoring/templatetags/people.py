"""How people are named on pages: `{{ user|person_name }}` reads "Deleted user" after erasure."""

from django import template

from accounts.models import User
from mentoring.selectors.people import person_display_name

register = template.Library()


@register.filter
def person_name(user: User | None) -> str:
    return person_display_name(user)
