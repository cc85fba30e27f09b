"""The scheme's time limits in page and email text: `{% days "introduction_reminder" %}`."""

from django import template

from mentoring import thresholds

register = template.Library()

_DAYS = {
    "introduction_reminder": thresholds.introduction_reminder_days,
    "introduction_overdue": thresholds.introduction_overdue_days,
    "request_waiting_long": thresholds.request_waiting_long_days,
    "no_session": thresholds.no_session_days,
    "session_edit": thresholds.session_edit_days,
    "shortlist_reminder": thresholds.shortlist_reminder_days,
    "shortlist_expiry": thresholds.shortlist_expiry_days,
    "snooze": thresholds.snooze_days,
    "retention": thresholds.retention_days,
}


@register.simple_tag
def days(name: str) -> str:
    """The number of days of one threshold (a settings value, see mentoring/thresholds.py)."""
    return str(_DAYS[name]())  # text: a tag's output is joined as is where autoescape is off
