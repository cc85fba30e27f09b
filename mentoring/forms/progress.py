"""Forms for session logs, feedback and ending a match, with a GOV.UK date input."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.forms.dates import DateInputField
from mentoring.forms.goals import goal_rating_fields
from mentoring.forms.once import OnceFormMixin
from mentoring.models import Feedback, Goal, Match, Need, SessionLog
from mentoring.models.goals import PROGRESS_MAX_LENGTH
from mentoring.selectors.goals import goal_choices, goal_progress_of
from mentoring.selectors.profiles import taxonomy_active
from mentoring.selectors.progress import sessions_logged_from
from mentoring.services.matches import match_end_check


class SessionLogForm(OnceFormMixin, forms.Form):
    date = DateInputField(
        label="Date of the session",
        help_text="For example, 27 3 2026",
        required=True,
        max_date=timezone.localdate,
        error_messages={
            "required": "Enter the date of the session",
            "min_date": "Date of the session must be on or after %(date)s, "
            "when you were introduced",
        },
    )
    duration_minutes = forms.IntegerField(
        label="How long was the session, in minutes?",
        help_text="For example, 60 for an hour or 90 for an hour and a half",
        min_value=5,
        max_value=600,
        error_messages={
            "required": "Enter how long the session lasted",
            "invalid": "How long the session lasted must be a number of minutes, like 60",
            "min_value": "How long the session lasted must be 5 minutes or more",
            "max_value": "How long the session lasted must be 600 minutes (10 hours) or less",
        },
    )
    format = forms.ChoiceField(
        label="How did you meet?",
        choices=SessionLog.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you met"},
    )
    topics = forms.ModelMultipleChoiceField(
        label="What did you talk about?",
        help_text="Select all that apply",
        queryset=Need.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes for you both (optional)",
        help_text="You and the other person in your mentoring can both read these notes. "
        "Scheme coordinators cannot.",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Notes must be 5,000 characters or fewer"},
    )
    # Optional: a pair without goals, or a session about none of them, leaves both empty.
    goal = forms.ModelChoiceField(
        label="Which of your goals did this session work on? (optional)",
        queryset=Goal.objects.none(),
        widget=forms.RadioSelect,
        required=False,
    )
    goal_progress = forms.CharField(
        label="Progress on that goal (optional)",
        help_text="What moved forward? You both can read this. Scheme coordinators cannot.",
        max_length=PROGRESS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Progress must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.began_on = sessions_logged_from(match)
        self.fields["date"].min_date = self.began_on
        self.fields["topics"].queryset = taxonomy_active(model=Need)
        self.fields["goal"].queryset = goal_choices(match=match)
        self.fields["goal"].label_from_instance = lambda goal: goal.text or f"Goal {goal.position}"
        self.fields["goal"].empty_label = "None of them"
        self.fields["goal_progress"].widget.attrs.pop("maxlength", None)
        self.fields["duration_minutes"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["duration_minutes"].govuk_width = 3

    @classmethod
    def initial_for(cls, session: SessionLog) -> dict:
        return {
            "date": session.date,
            "duration_minutes": session.duration_minutes,
            "format": session.format,
            "topics": list(session.topics.all()),
            "notes": session.notes,
            **cls.goal_initial(session),
        }

    @staticmethod
    def goal_initial(session: SessionLog) -> dict:
        progress = goal_progress_of(session_id=session.pk)
        if progress is None:
            return {}
        return {"goal": progress.goal, "goal_progress": progress.note}


RATING_CHOICES = [
    (5, "5 – Excellent"),
    (4, "4 – Good"),
    (3, "3 – Neither good nor poor"),
    (2, "2 – Poor"),
    (1, "1 – Very poor"),
]


class FeedbackForm(forms.Form):
    heading_field = "rating"

    rating = forms.TypedChoiceField(
        label="How would you rate it?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating from 1 to 5"},
    )
    comments = forms.CharField(
        label="Comments (optional)",
        help_text="What went well, and what could be better? The scheme coordinators read "
        "this; the other person in your match does not.",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Comments must be 3,000 characters or fewer"},
    )

    def __init__(self, *args, label: str = "", goals: list[Goal] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["rating"].label = label
        # At the close: how far each goal was met, asked here and nowhere else (ADR 0019).
        self.fields.update(goal_rating_fields(list(goals)))


END_DETAIL_MAX = 1000


class MatchEndForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the mentoring ending?",
        choices=Match.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the mentoring is ending"},
    )
    detail = forms.CharField(
        label="Reason",
        # Required for ‘Other’: match_end refuses it without words, and the form shows why.
        help_text="Tell us more. Required if you selected ‘Other’. The scheme coordinators "
        "read this; the other person does not.",
        max_length=END_DETAIL_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Reason must be {END_DETAIL_MAX:,} characters or fewer"},
    )
    do_not_match_again = forms.BooleanField(
        label="Do not match us again",
        help_text="We will not suggest this pair to each other in future.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The GOV.UK character count shows the limit; a browser maxlength would cut text silently.
        self.fields["detail"].widget.attrs.pop("maxlength", None)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned  # one error per field: a too-long reason is not also "missing"
        try:
            match_end_check(reason=cleaned["reason"], detail=cleaned["detail"])
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class MatchCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling this introduction?",
        help_text="Recorded in the match’s history.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are cancelling the introduction",
            "max_length": "Why you are cancelling must be 300 characters or fewer",
        },
    )


FEEDBACK_QUESTIONS = {
    Feedback.Stage.FIRST_SESSION: "How was your first session?",
    Feedback.Stage.CLOSE: "How was the mentoring overall?",
}
