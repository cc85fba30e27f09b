"""The scheme's records: taxonomies, profiles, requests, matches, sessions, feedback, audit."""

from mentoring.models.audit import AuditEvent
from mentoring.models.base import TimeStampedModel
from mentoring.models.case_notes import CaseNote
from mentoring.models.emails import OutgoingEmail
from mentoring.models.goals import Goal, GoalProgress, GoalRating
from mentoring.models.imports import MentorImport, MentorImportRow
from mentoring.models.matches import Match, MentoringRequest
from mentoring.models.profiles import MenteeProfile, MentorProfile
from mentoring.models.progress import Feedback, SessionLog
from mentoring.models.scheduling import ScheduledSession
from mentoring.models.shortlists import Shortlist, ShortlistEntry
from mentoring.models.taxonomies import LegalForm, Need, Region, Sector, Stage

__all__ = [
    "AuditEvent",
    "CaseNote",
    "Feedback",
    "Goal",
    "GoalProgress",
    "GoalRating",
    "LegalForm",
    "Match",
    "MenteeProfile",
    "MentoringRequest",
    "MentorImport",
    "MentorImportRow",
    "MentorProfile",
    "Need",
    "OutgoingEmail",
    "Region",
    "ScheduledSession",
    "Sector",
    "SessionLog",
    "Shortlist",
    "ShortlistEntry",
    "Stage",
    "TimeStampedModel",
]
