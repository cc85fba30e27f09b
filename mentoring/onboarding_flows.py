"""Onboarding flows as data: an ordered list of one-question steps per role.

The same four views (start, step, check answers, confirmation) serve both flows; adding or
moving a question means editing a list here, not writing a view.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from mentoring.forms import mentee as mentee_forms
from mentoring.forms import mentor as mentor_forms
from mentoring.forms.steps import StepForm
from mentoring.models import MenteeProfile, MentorProfile
from mentoring.roles import ROLE_MENTEE, ROLE_MENTOR
from mentoring.selectors.profiles import mentee_profile_for_user, mentor_profile_for_user
from mentoring.services.matches import mentee_onboarding_finish
from mentoring.services.profiles import (
    mentee_profile_update,
    mentor_profile_complete,
    mentor_profile_update,
)

Profile = MenteeProfile | MentorProfile

# Where a step returns to after saving, when it was opened from a summary list.
RETURN_CHECK = "check"
RETURN_PROFILE = "profile"
RETURNS = (RETURN_CHECK, RETURN_PROFILE)


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[StepForm]
    title: str
    # Paragraphs shown under the heading, for questions that need explaining (consent).
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flow:
    role: str
    name: str  # "mentee profile", used in sentences
    steps: tuple[Step, ...]
    profile_for: Callable[..., Profile | None]
    update: Callable[..., Profile]
    complete: Callable[..., Profile]
    done_title: str
    slugs: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slugs", tuple(step.slug for step in self.steps))

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def index(self, step: Step) -> int:
        return self.slugs.index(step.slug)

    def next_after(self, step: Step) -> Step | None:
        position = self.index(step) + 1
        return self.steps[position] if position < len(self.steps) else None

    def previous(self, step: Step) -> Step | None:
        position = self.index(step) - 1
        return self.steps[position] if position >= 0 else None

    def is_answered(self, profile: Profile | None, step: Step) -> bool:
        if profile is None:
            return False
        return profile.is_complete or step.slug in profile.onboarding_answered

    def first_unanswered(self, profile: Profile | None) -> Step | None:
        return next((s for s in self.steps if not self.is_answered(profile, s)), None)

    def step_url(self, step: Step, return_to: str = "") -> str:
        url = reverse("mentoring:onboarding_step", args=[self.role, step.slug])
        return f"{url}?return={return_to}" if return_to else url

    def check_url(self) -> str:
        return reverse("mentoring:onboarding_check", args=[self.role])

    def resume_url(self, profile: Profile | None) -> str:
        """Where someone carries on: the first unanswered question, else check answers."""
        step = self.first_unanswered(profile)
        return self.step_url(step) if step else self.check_url()

    def summary_rows(self, profile: Profile, *, return_to: str) -> list[dict]:
        rows = []
        for step in self.steps:
            href = self.step_url(step, return_to)
            for label, value in step.form_class.summary(profile):
                items = value if isinstance(value, list) else None
                rows.append({"key": label, "value": value, "items": items, "href": href})
        return rows


MENTEE_FLOW = Flow(
    role=ROLE_MENTEE,
    name="mentee profile",
    profile_for=mentee_profile_for_user,
    update=mentee_profile_update,
    complete=mentee_onboarding_finish,
    done_title="We have your request for a mentor",
    steps=(
        Step("organisation", mentee_forms.OrganisationNameForm, "What is your mutual called?"),
        Step("legal-form", mentee_forms.LegalFormForm, "What is your mutual's legal form?"),
        Step("sector", mentee_forms.SectorForm, "Which public services does your mutual deliver?"),
        Step("stage", mentee_forms.StageForm, "What stage is your mutual at?"),
        Step("region", mentee_forms.MenteeRegionForm, "Where is your mutual based?"),
        Step("staff", mentee_forms.StaffCountForm, "How many people work for your mutual?"),
        Step("needs", mentee_forms.NeedsForm, "What would you like help with?"),
        Step("goals", mentee_forms.GoalsForm, "What do you want from a mentor?"),
        Step("meeting", mentee_forms.MeetingForm, "How would you like to meet your mentor?"),
        Step(
            "consent",
            mentee_forms.ConsentForm,
            "Sharing your profile with mentors",
            explanation=(
                "When a scheme coordinator proposes a mentor for you, that mentor reads your "
                "profile so they can decide whether they are the right person to help.",
                "They see your name, your mutual's name, its legal form, sector, stage, region "
                "and size, what you want help with and what you want from a mentor. They do "
                "not see your email address until you have both agreed to be introduced.",
                "We only share your profile with mentors proposed to you. Finding you a mentor "
                "is part of running the scheme for the Department for Culture, Media and Sport, "
                "a task in the public interest: that, not your consent, is our lawful basis for "
                "using your information. The privacy notice, linked at the foot of every page, "
                "says more. You can delete your account at any time.",
            ),
        ),
    ),
)

MENTOR_FLOW = Flow(
    role=ROLE_MENTOR,
    name="mentor profile",
    profile_for=mentor_profile_for_user,
    update=mentor_profile_update,
    complete=mentor_profile_complete,
    done_title="Thank you for volunteering",
    steps=(
        Step("headline", mentor_forms.HeadlineForm, "Describe yourself in a line"),
        Step("roles", mentor_forms.RolesForm, "What are your current or past roles?"),
        Step("organisation", mentor_forms.MentorOrganisationForm, "Your organisation"),
        Step("expertise", mentor_forms.ExpertiseForm, "What can you help with?"),
        Step("sectors", mentor_forms.SectorsForm, "Which public services do you know well?"),
        Step("stages", mentor_forms.StagesForm, "Which stages do you know from experience?"),
        Step("region", mentor_forms.MentorRegionForm, "Where you are and how you meet"),
        Step("capacity", mentor_forms.CapacityForm, "How many mentees at once?"),
        Step("bio", mentor_forms.BioForm, "Tell mentees about yourself"),
    ),
)

FLOWS = {flow.role: flow for flow in (MENTEE_FLOW, MENTOR_FLOW)}


def onboarding_next_url(*, mentee: Profile | None, mentor: Profile | None) -> str | None:
    """Where a person who has started but not finished a profile should carry on, if anywhere.

    Someone with a finished profile is not sent back to finish a second one they started later;
    their profile page offers that instead. Takes the profiles the caller has already read.
    """
    started = [(flow, p) for flow, p in ((MENTEE_FLOW, mentee), (MENTOR_FLOW, mentor)) if p]
    if not started or any(p.is_complete for _, p in started):
        return None
    flow, profile = started[0]
    return flow.resume_url(profile)
