"""Template helpers for the sign-in pages (allauth overrides)."""

import re

from django import template

register = template.Library()


@register.filter
def squash_whitespace(value: str) -> str:
    """Collapse runs of whitespace: allauth's page-title blocks are indented over several lines."""
    return re.sub(r"\s+", " ", str(value)).strip()
