"""No server error from bad input: every form and report filter, fed hostile values.

Each endpoint is posted (or, for filters and downloads, fetched) by the person allowed to use
it, first with every field set to each hostile value in turn, then with hypothesis mixing
hostile, random and valid values field by field (so the valid ones carry the request past the
form into the service). Every example runs in a savepoint that is rolled back, so one example's
success (a session logged, a match ended) never changes what the next one sees. The assertion is
only "no 5xx": the Django test client re-raises a view's exception, so a failure shows the
traceback and the falsifying input.

Run it on PostgreSQL too: NUL bytes and integer overflow only fail there at the database.
`FUZZ_EXAMPLES` sets the number of hypothesis examples per endpoint (default 10).
"""

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.services import totp_activate_with_secret
from matching.forms.review import (
    ApproveChosenMentorForm,
    ApproveSuggestionForm,
    CloseRequestForm,
    MentorSearchForm,
    ReviewQueueFilterForm,
)
from matching.forms.runs import RunStartForm, SwapForm
from matching.models import MatchingRun
from matching.services.runs import run_execute, run_start
from mentoring.forms.account import AccountDeleteForm, RoleChoiceForm
from mentoring.forms.introductions import IntroductionResponseForm
from mentoring.forms.mentor import PauseForm
from mentoring.forms.progress import FeedbackForm, MatchCancelForm, MatchEndForm, SessionLogForm
from mentoring.forms.reports import (
    FeedbackFilterForm,
    MatchFilterForm,
    PeriodForm,
    RequestFilterForm,
    SessionFilterForm,
)
from mentoring.forms.requests import MentoringRequestForm
from mentoring.models import Need, SessionLog
from mentoring.onboarding_flows import MENTEE_FLOW, MENTOR_FLOW
from mentoring.services.progress import session_log_create
from tests.accounts.conftest import DEMO_SECRET, sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

HOSTILE = [
    "",
    "   ",
    "x" * 100_000,
    "9" * 100_000,
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0001",
    "9999",
    "\x00",
    "1\x00",
    "a\x00b",
    "\u202egnp.exe\u202c",
    "\u2066isolated\u2069\u200f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE mentoring_match; --",
    "%",
    "_",
    "\\",
    "\uff11\uff12",  # full-width digits: str.isdigit() says yes, a database says no
    "\u0663",  # Arabic-Indic three: int() accepts it
]

# The values every input meets one by one (the rest reach them through hypothesis).
SWEEP = [
    "",
    "x" * 100_000,
    "2147483648",
    "99999999999999999999",
    "9999",
    "\x00",
    "<script>alert(1)</script>",
]

_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
hostile_value = st.one_of(
    st.sampled_from(HOSTILE), _text, st.integers().map(str), st.floats().map(str)
)


def html_names(form_class: type[forms.Form]) -> dict[str, list[str]]:
    """Each field's input names: one, or one per box of a multi-part widget (a date)."""
    names = {}
    for name, form_field in form_class.base_fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget):
            names[name] = [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names[name] = [name]
    return names


@dataclass
class Endpoint:
    """One form or filter: who uses it, where, and what a valid answer looks like."""

    name: str
    role: str
    method: str
    url: Callable[["Scene"], str]
    fields: dict[str, list[str]]
    valid: Callable[["Scene"], dict] = field(default=lambda scene: {})

    def payload_strategy(self, scene: "Scene") -> st.SearchStrategy[dict]:
        valid = self.valid(scene)
        parts = {}
        for field_name, inputs in self.fields.items():
            for index, input_name in enumerate(inputs):
                good = valid.get(field_name)
                if isinstance(good, tuple):  # a date: one valid value per box
                    good = good[index]
                options = [hostile_value, st.lists(hostile_value, max_size=3)]
                if good is not None:
                    options.insert(0, st.just(good))
                parts[input_name] = st.one_of(*options)
        return st.fixed_dictionaries(parts)

    def one_input_at_a_time(self, scene: "Scene"):
        """Each input in turn set to each value of SWEEP, the others valid (or empty), so a
        hostile value reaches its own field's code however strict the other fields are."""
        valid = self.valid(scene)
        answers = {}
        for field_name, inputs in self.fields.items():
            good = valid.get(field_name, "")
            for index, input_name in enumerate(inputs):
                answers[input_name] = good[index] if isinstance(good, tuple) else good
        for input_name in answers:
            for value in SWEEP:
                yield {**answers, input_name: value}


class Scene:
    """The people and records the endpoints need, each made on first use, through services."""

    @cached_property
    def coordinator(self):
        coordinator = CoordinatorFactory()
        totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
        return coordinator

    @cached_property
    def waiting(self):
        """An open request, for the mentee to withdraw and the coordinator to review."""
        return open_request()

    @cached_property
    def introduction(self):
        """A match the mentor has not answered."""
        return approved_match()

    @cached_property
    def pair(self):
        return accepted_match()

    @cached_property
    def session(self) -> SessionLog:
        return session_log_create(
            match=self.pair,
            actor=self.pair.request.mentee.user,
            date=timezone.localdate(),
            duration_minutes=60,
            format=SessionLog.Format.VIDEO,
            topics=Need.objects.filter(slug="tupe-and-hr"),
            notes="",
        )

    @cached_property
    def spare_mentor(self):
        return MentorProfileFactory()

    @cached_property
    def draft_run(self) -> MatchingRun:
        self.waiting  # noqa: B018 - someone to pair
        self.spare_mentor  # noqa: B018
        run = run_start(coordinator=self.coordinator)
        return run_execute(run_id=run.pk)

    @cached_property
    def draft_pair(self):
        return self.draft_run.pairs.order_by("pk").first()

    def client(self, role: str) -> Client:
        client = Client()
        if role == "coordinator":
            sign_in(client, self.coordinator, secret=DEMO_SECRET)
            return client
        people = {
            "newcomer": lambda: UserFactory(),
            "mentee": lambda: self.pair.request.mentee.user,
            "mentor": lambda: self.pair.mentor.user,
            "mentee_waiting": lambda: self.waiting.mentee.user,
            "mentee_free": lambda: MenteeProfileFactory().user,
            "mentor_introduced": lambda: self.introduction.mentor.user,
        }
        client.force_login(people[role]())
        return client


def _date_parts(day: datetime.date) -> tuple[str, str, str]:
    return (str(day.day), str(day.month), str(day.year))


def _a_need(scene: Scene) -> list[str]:
    return [str(Need.objects.order_by("pk").values_list("pk", flat=True).first())]


def _session_valid(scene: Scene) -> dict:
    return {
        "date": _date_parts(timezone.localdate()),
        "duration_minutes": "60",
        "format": "video",
        "topics": _a_need(scene),
        "notes": "Went well",
    }


PAGE = {"page": ["page"]}
LIST_EXTRAS = {"page": ["page"], "sort": ["sort"]}


def _onboarding(flow, role: str) -> list[Endpoint]:
    return [
        Endpoint(
            f"onboarding-{flow.role}-{step.slug}",
            role,
            "post",
            lambda scene, flow=flow, step=step: (
                reverse("mentoring:onboarding_step", args=[flow.role, step.slug]) + "?return=check"
            ),
            {**html_names(step.form_class), "return": ["return"]},
        )
        for step in flow.steps
    ]


REPORT_FORMS = {
    "requests": RequestFilterForm,
    "matches": MatchFilterForm,
    "sessions": SessionFilterForm,
    "feedback": FeedbackFilterForm,
}

ENDPOINTS = [
    *_onboarding(MENTEE_FLOW, "mentee"),
    *_onboarding(MENTOR_FLOW, "mentor"),
    Endpoint(
        "onboarding-first-question",
        "newcomer",
        "post",
        lambda scene: reverse(
            "mentoring:onboarding_step", args=[MENTEE_FLOW.role, MENTEE_FLOW.steps[0].slug]
        ),
        html_names(MENTEE_FLOW.steps[0].form_class),
    ),
    Endpoint(
        "choose-role",
        "newcomer",
        "post",
        lambda scene: reverse("mentoring:choose_role"),
        html_names(RoleChoiceForm),
        lambda scene: {"role": "mentee"},
    ),
    Endpoint(
        "delete-account",
        "newcomer",
        "post",
        lambda scene: reverse("mentoring:delete_account"),
        html_names(AccountDeleteForm),
    ),
    Endpoint(
        "mentor-availability",
        "mentor",
        "post",
        lambda scene: reverse("mentoring:mentor_availability"),
        {"paused": ["paused"], **html_names(PauseForm)},
        lambda scene: {
            "until_day": "1",
            "until_month": "3",
            "until_year": str(timezone.localdate().year + 1),
        },
    ),
    Endpoint(
        "ask-for-a-mentor",
        "mentee_free",
        "post",
        lambda scene: reverse("mentoring:request_new"),
        html_names(MentoringRequestForm),
        lambda scene: {"needs": _a_need(scene), "goals": "Help with our board"},
    ),
    Endpoint(
        "withdraw",
        "mentee_waiting",
        "post",
        lambda scene: reverse("mentoring:request_withdraw", args=[scene.waiting.pk]),
        {"confirm": ["confirm"]},
    ),
    Endpoint(
        "introductions-list",
        "mentor_introduced",
        "get",
        lambda scene: reverse("mentoring:introductions"),
        PAGE,
    ),
    Endpoint(
        "introduction-answer",
        "mentor_introduced",
        "post",
        lambda scene: reverse("mentoring:introduction", args=[scene.introduction.pk]),
        html_names(IntroductionResponseForm),
        lambda scene: {"decision": "decline", "reason": "Too busy"},
    ),
    Endpoint(
        "session-log",
        "mentee",
        "post",
        lambda scene: reverse("mentoring:session_new", args=[scene.pair.pk]),
        html_names(SessionLogForm),
        _session_valid,
    ),
    Endpoint(
        "session-edit",
        "mentee",
        "post",
        lambda scene: reverse("mentoring:session_edit", args=[scene.session.pk]),
        html_names(SessionLogForm),
        _session_valid,
    ),
    Endpoint(
        "session-delete",
        "mentee",
        "post",
        lambda scene: reverse("mentoring:session_delete", args=[scene.session.pk]),
        {"confirm": ["confirm"]},
    ),
    *[
        Endpoint(
            f"feedback-{stage}",
            "mentee",
            "post",
            lambda scene, stage=stage: reverse(
                "mentoring:feedback_give", args=[scene.pair.pk, stage]
            ),
            html_names(FeedbackForm),
            lambda scene: {"rating": "4"},
        )
        for stage in ("first_session", "close")
    ],
    Endpoint(
        "end-a-match",
        "mentee",
        "post",
        lambda scene: reverse("mentoring:match_end", args=[scene.pair.pk]),
        html_names(MatchEndForm),
        lambda scene: {"reason": "other"},
    ),
    Endpoint(
        "match-page",
        "mentee",
        "get",
        lambda scene: reverse("mentoring:match_detail", args=[scene.pair.pk]),
        PAGE,
    ),
    # Coordinators.
    Endpoint(
        "review-queue",
        "coordinator",
        "get",
        lambda scene: scene.waiting and reverse("matching:review_queue"),
        {**html_names(ReviewQueueFilterForm), **PAGE},
    ),
    Endpoint(
        "review-request",
        "coordinator",
        "get",
        lambda scene: reverse("matching:review_request", args=[scene.waiting.pk]),
        html_names(MentorSearchForm),
    ),
    Endpoint(
        "review-approve",
        "coordinator",
        "post",
        lambda scene: reverse("matching:review_approve", args=[scene.waiting.pk]),
        html_names(ApproveSuggestionForm),
        lambda scene: {"mentor": str(scene.spare_mentor.pk)},
    ),
    Endpoint(
        "review-choose",
        "coordinator",
        "post",
        lambda scene: reverse(
            "matching:review_choose", args=[scene.waiting.pk, scene.spare_mentor.pk]
        ),
        html_names(ApproveChosenMentorForm),
        lambda scene: {"override_rules": "on"},
    ),
    Endpoint(
        "review-close",
        "coordinator",
        "post",
        lambda scene: reverse("matching:review_close", args=[scene.waiting.pk]),
        html_names(CloseRequestForm),
    ),
    Endpoint("runs-list", "coordinator", "get", lambda scene: reverse("matching:runs"), PAGE),
    Endpoint(
        "run-start",
        "coordinator",
        "post",
        lambda scene: reverse("matching:run_start"),
        html_names(RunStartForm),
        lambda scene: {"mode": "plain"},
    ),
    Endpoint(
        "run-draft",
        "coordinator",
        "get",
        lambda scene: reverse("matching:run_detail", args=[scene.draft_run.pk]),
        {"page": ["page"], "unmatched_page": ["unmatched_page"]},
    ),
    Endpoint(
        "run-swap",
        "coordinator",
        "post",
        lambda scene: reverse(
            "matching:run_pair_swap", args=[scene.draft_run.pk, scene.draft_pair.pk]
        ),
        html_names(SwapForm),
        lambda scene: {"mentor": str(scene.spare_mentor.pk)},
    ),
    Endpoint(
        "coordinator-match",
        "coordinator",
        "get",
        lambda scene: reverse("mentoring:coordinator_match", args=[scene.pair.pk]),
        PAGE,
    ),
    Endpoint(
        "coordinator-end",
        "coordinator",
        "post",
        lambda scene: reverse("mentoring:coordinator_match_end", args=[scene.pair.pk]),
        html_names(MatchEndForm),
        lambda scene: {"reason": "goals_met"},
    ),
    Endpoint(
        "coordinator-cancel",
        "coordinator",
        "post",
        lambda scene: reverse("mentoring:coordinator_match_cancel", args=[scene.introduction.pk]),
        html_names(MatchCancelForm),
    ),
    Endpoint(
        "dashboard-period",
        "coordinator",
        "get",
        lambda scene: reverse("mentoring:coordinator"),
        html_names(PeriodForm),
        lambda scene: {
            "period": "custom",
            "date_from": ("1", "1", "2020"),
            "date_to": _date_parts(timezone.localdate()),
        },
    ),
    Endpoint(
        "export-figures",
        "coordinator",
        "get",
        lambda scene: reverse("mentoring:export", args=["figures"]),
        html_names(PeriodForm),
        lambda scene: {
            "period": "custom",
            "date_from": ("1", "1", "2020"),
            "date_to": _date_parts(timezone.localdate()),
        },
    ),
    *[
        Endpoint(
            f"{view}-{kind}",
            "coordinator",
            "get",
            lambda scene, view=view, kind=kind: reverse(f"mentoring:{view}", args=[kind]),
            {**html_names(form_class), **LIST_EXTRAS},
            lambda scene: {
                "date_from": ("1", "1", "2020"),
                "date_to": _date_parts(timezone.localdate()),
            },
        )
        for kind, form_class in REPORT_FORMS.items()
        for view in ("report_list", "export")
    ],
    *[
        Endpoint(
            f"actions-{kind}",
            "coordinator",
            "get",
            lambda scene, kind=kind: reverse("mentoring:action_list", args=[kind]),
            PAGE,
        )
        for kind in ("waiting", "unanswered", "quiet", "low_ratings")
    ],
]


def _send(client: Client, method: str, url: str, data: dict):
    """One request in a savepoint that is rolled back; a streamed download is read in full
    (a stream that fails halfway is a server error the status code would hide)."""
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


def _assert_no_server_error(response, endpoint: Endpoint, data: dict) -> None:
    shown = {key: (value[:40] if isinstance(value, str) else value) for key, value in data.items()}
    assert response.status_code < 500, f"{endpoint.name}: {response.status_code} for {shown}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.name for endpoint in ENDPOINTS])
def test_no_server_error_from_bad_input(endpoint: Endpoint):
    scene = Scene()
    url = endpoint.url(scene)
    client = scene.client(endpoint.role)
    first = _send(client, "get", url, {})
    assert first.status_code < 500

    for data in endpoint.one_input_at_a_time(scene):
        _assert_no_server_error(_send(client, endpoint.method, url, data), endpoint, data)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=endpoint.payload_strategy(scene))
    def mixed(data):
        _assert_no_server_error(_send(client, endpoint.method, url, data), endpoint, data)

    mixed()


ID_URLS = [
    ("mentee", "mentoring:match_detail", 1),
    ("mentee", "mentoring:session_new", 1),
    ("mentee", "mentoring:session_edit", 1),
    ("mentee", "mentoring:session_delete", 1),
    ("mentee", "mentoring:match_end", 1),
    ("mentee", "mentoring:match_ended", 1),
    ("mentee", "mentoring:request_detail", 1),
    ("mentee", "mentoring:request_withdraw", 1),
    ("mentor", "mentoring:introduction", 1),
    ("coordinator", "mentoring:coordinator_match", 1),
    ("coordinator", "mentoring:coordinator_match_end", 1),
    ("coordinator", "mentoring:coordinator_match_cancel", 1),
    ("coordinator", "matching:review_request", 1),
    ("coordinator", "matching:review_approve", 1),
    ("coordinator", "matching:review_choose", 2),
    ("coordinator", "matching:review_close", 1),
    ("coordinator", "matching:run_detail", 1),
    ("coordinator", "matching:run_status", 1),
    ("coordinator", "matching:run_pair_remove", 2),
    ("coordinator", "matching:run_pair_swap", 2),
    ("coordinator", "matching:run_publish", 1),
    ("coordinator", "matching:run_discard", 1),
]
HUGE_IDS = ["0", "2147483648", "9223372036854775808", "99999999999999999999", "9" * 5000]


@pytest.mark.parametrize(("role", "name", "arity"), ID_URLS, ids=[u[1] for u in ID_URLS])
def test_no_server_error_from_ids_out_of_range(role, name, arity):
    scene = Scene()
    client = scene.client(role)
    template = reverse(name, args=[12345] * arity)
    for huge in HUGE_IDS:
        url = template.replace("12345", huge)
        for method in ("get", "post"):
            response = _send(client, method, url, {})
            assert response.status_code < 500, f"{method} {url[:80]}: {response.status_code}"
        assert response.status_code in (302, 403, 404, 405)


def test_ids_beyond_any_integer_column_match_nothing_instead_of_failing():
    # SQLite's driver cannot send such a number; Django drops it for `=` but not for `in`
    # (mentoring/integer_lookups.py), which every multiple-choice form asks with what was posted.
    first = Need.objects.order_by("pk").first()
    huge = 99999999999999999999
    assert list(Need.objects.filter(pk__in=[first.pk, huge, -huge])) == [first]
    assert not Need.objects.filter(pk__in=[huge]).exists()
    form = MentoringRequestForm(
        {"needs": [str(huge)], "goals": "Help"}, mentee=MenteeProfileFactory()
    )
    assert not form.is_valid()
    assert "needs" in form.errors
