"""The scheme's time limits (7, 14, 30 days), read from settings in one place.

Each is a function, so a test's `override_settings` and every caller see the same value.
"""

import datetime

from django.conf import settings


def introduction_reminder_days() -> int:
    """An introduction unanswered this many days gets a reminder and is listed for action."""
    return settings.MENTORING_INTRODUCTION_REMINDER_DAYS


def introduction_overdue_days() -> int:
    """An introduction unanswered this many days is overdue: coordinators chase it."""
    return settings.MENTORING_INTRODUCTION_OVERDUE_DAYS


def request_waiting_long_days() -> int:
    """A request waiting this many days for a mentor has waited long."""
    return settings.MENTORING_REQUEST_WAITING_LONG_DAYS


def no_session_days() -> int:
    """A live pair with no session for this many days has gone quiet (stalled)."""
    return settings.MENTORING_NO_SESSION_DAYS


def session_edit_days() -> int:
    """Whoever logged a session may change it for this many days."""
    return settings.MENTORING_SESSION_EDIT_DAYS


def shortlist_reminder_days() -> int:
    """A shortlist not chosen from this many days gets one reminder to the mentee."""
    return settings.MENTORING_SHORTLIST_REMINDER_DAYS


def shortlist_expiry_days() -> int:
    """A shortlist not chosen from this many days is released and flagged to coordinators."""
    return settings.MENTORING_SHORTLIST_EXPIRY_DAYS


def snooze_days() -> int:
    """A row a coordinator snoozes stays off its action list for this many days."""
    return settings.MENTORING_SNOOZE_DAYS


def introduction_reminder_after() -> datetime.timedelta:
    return datetime.timedelta(days=introduction_reminder_days())


def introduction_overdue_after() -> datetime.timedelta:
    return datetime.timedelta(days=introduction_overdue_days())


def request_waiting_long_after() -> datetime.timedelta:
    return datetime.timedelta(days=request_waiting_long_days())


def no_session_after() -> datetime.timedelta:
    return datetime.timedelta(days=no_session_days())


def session_edit_window() -> datetime.timedelta:
    return datetime.timedelta(days=session_edit_days())


def shortlist_reminder_after() -> datetime.timedelta:
    return datetime.timedelta(days=shortlist_reminder_days())


def shortlist_expiry_after() -> datetime.timedelta:
    return datetime.timedelta(days=shortlist_expiry_days())


def retention_days() -> int:
    """The pair's words (session notes, feedback comments) are erased this many days after
    their match closed (mentoring/services/retention.py)."""
    return settings.MENTORING_RETENTION_DAYS
