"""Two pairs and the callers of the authorization matrix: whose object is whose is fixed here.

Pair A (mentee, mentor) and pair B (another mentee, another mentor) each have a request, a live
match, a logged session and feedback. The mentor also has an introduction waiting for an answer,
and one more request waits for a mentor. Pair B's words must never reach pair A, and back.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_create
from matching.models import MatchingRun
from matching.services.runs import run_execute, run_start
from mentoring.models import Feedback
from mentoring.services.progress import feedback_give
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.api.conftest import bearer
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
    open_request,
)

CALLERS = [
    "anonymous",
    "mentee",
    "another_mentee",
    "mentor",
    "another_mentor",
    "coordinator_session_mfa",
    "coordinator_token",
    "coordinator_session_without_mfa",
    "coordinator_token_without_authenticator",
    "expired_token",
    "revoked_token",
]
PEOPLE = ("mentee", "another_mentee", "mentor", "another_mentor")
COORDINATORS = ("coordinator_session_mfa", "coordinator_token")
# Refused before any endpoint runs: no credentials, or a token that is no longer good.
REFUSED = ("anonymous", "coordinator_token_without_authenticator", "expired_token", "revoked_token")
PAIR_A = ("mentee", "mentor")
PAIR_B = ("another_mentee", "another_mentor")

# Words only one pair's objects carry: names, organisations, goals and notes.
WORDS_A = ("Adaline Mentee", "Adaline Mutual", "Adaline goals", "Adaline notes", "Monty Mentor")
WORDS_B = ("Zebedee Mentee", "Zebedee Leisure", "Zebedee goals", "Zebedee notes", "Otto Other")


@dataclass
class World:
    mentee: object
    another_mentee: object
    mentor: object
    another_mentor: object
    spare_mentor: object
    request: object
    other_request: object
    waiting: object
    match: object
    other_match: object
    intro: object
    session: object
    other_session: object
    coordinator: object
    _run: MatchingRun | None = field(default=None)

    @property
    def run(self) -> MatchingRun:
        """A draft matching run, made only for the endpoints that need one (it is slow)."""
        if self._run is None:
            started = run_start(coordinator=self.coordinator, fairness=False, in_background=False)
            self._run = run_execute(run_id=started.pk)
        return self._run

    def ids(self, text: str) -> str:
        names = [n for n in ("run", "waiting", "request", "match", "intro", "session") if n in text]
        return text.format(**{name: getattr(self, name).pk for name in names})


def build_world(coordinator) -> World:
    mentee = MenteeProfileFactory(
        user=UserFactory(full_name="Adaline Mentee"), organisation_name="Adaline Mutual CIC"
    )
    another_mentee = MenteeProfileFactory(
        user=UserFactory(full_name="Zebedee Mentee"), organisation_name="Zebedee Leisure CIC"
    )
    mentor = MentorProfileFactory(user=UserFactory(full_name="Monty Mentor"), capacity=3)
    another_mentor = MentorProfileFactory(user=UserFactory(full_name="Otto Other"))
    match = accepted_match(request=open_request(mentee, goals="Adaline goals."), mentor=mentor)
    other_match = accepted_match(
        request=open_request(another_mentee, goals="Zebedee goals."), mentor=another_mentor
    )
    session = logged_session(match, notes="Adaline notes.")
    other_session = logged_session(other_match, notes="Zebedee notes.")
    # The mentor's own feedback, which the mentee must not read; and pair B's.
    feedback_give(match=match, actor=mentor.user, stage=Feedback.Stage.FIRST_SESSION, rating=5)
    feedback_give(
        match=other_match,
        actor=another_mentee.user,
        stage=Feedback.Stage.FIRST_SESSION,
        rating=2,
        comments="Zebedee notes on the mentor.",
    )
    return World(
        mentee=mentee,
        another_mentee=another_mentee,
        mentor=mentor,
        another_mentor=another_mentor,
        spare_mentor=MentorProfileFactory(),
        request=match.request,
        other_request=other_match.request,
        waiting=open_request(MenteeProfileFactory()),
        match=match,
        other_match=other_match,
        intro=approved_match(request=open_request(MenteeProfileFactory()), mentor=mentor),
        session=session,
        other_session=other_session,
        coordinator=coordinator,
    )


def client_for(name: str, world: World, request) -> APIClient:
    api = APIClient()
    people = {
        "mentee": world.mentee.user,
        "another_mentee": world.another_mentee.user,
        "mentor": world.mentor.user,
        "another_mentor": world.another_mentor.user,
    }
    if name in people:
        api.force_login(people[name])
    elif name == "coordinator_session_mfa":
        force_login_with_second_step(api, world.coordinator)
    elif name == "coordinator_token":
        api.credentials(**bearer(token_create(owner=world.coordinator, name="t").secret))
    elif name == "coordinator_session_without_mfa":
        api.force_login(CoordinatorFactory())
    elif name == "coordinator_token_without_authenticator":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
    elif name in ("expired_token", "revoked_token"):
        issued = token_create(owner=world.mentee.user, name="old")
        late = {"expires_at": timezone.now() - timedelta(minutes=1)}
        gone = {"revoked_at": timezone.now()}
        ApiToken.objects.filter(pk=issued.token.pk).update(
            **(late if name == "expired_token" else gone)
        )
        api.credentials(**bearer(issued.secret))
    return api
