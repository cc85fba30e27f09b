"""The pair's goals: up to three, only the pair writes them, progress on sessions, each side's
rating at the close, and the share of goals met on the dashboard, its download and the API."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import totp_activate_with_secret
from api.tokens import token_create
from mentoring.models import AuditEvent, Goal, GoalProgress, GoalRating, Match
from mentoring.selectors.accounts_data import account_data_export
from mentoring.selectors.reports.version import data_version
from mentoring.services.accounts_data import account_delete
from mentoring.services.goals import TOO_MANY, goal_add, goal_remove, goal_update
from mentoring.services.matches import match_end
from mentoring.services.progress import feedback_give
from tests.accounts.conftest import DEMO_SECRET
from tests.accounts.factories import CoordinatorFactory
from tests.api.conftest import bearer
from tests.mentoring.factories import accepted_match, logged_session

pytestmark = pytest.mark.django_db

PENSIONS = "Agree a pensions approach with the council"


@pytest.fixture
def match():
    return accepted_match()


def goals_url(match):
    return reverse("mentoring:match_detail", args=[match.pk])


def _end(match):
    return match_end(match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)


# Services -----------------------------------------------------------------------------------


def test_either_of_the_pair_sets_up_to_three_goals(match):
    goal_add(match=match, actor=match.request.mentee.user, text=f"  {PENSIONS}  ")
    goal_add(match=match, actor=match.mentor.user, text="Board recruitment")
    goal_add(match=match, actor=match.request.mentee.user, text="A business plan")
    with pytest.raises(ValidationError) as refused:
        goal_add(match=match, actor=match.mentor.user, text="A fourth")
    assert refused.value.messages == [TOO_MANY]
    assert list(match.goals.values_list("position", "text")) == [
        (1, PENSIONS),
        (2, "Board recruitment"),
        (3, "A business plan"),
    ]
    assert AuditEvent.objects.filter(match=match, verb="goal.added").count() == 3
    # Removing one frees its place for another.
    goal_remove(goal=match.goals.get(position=2), actor=match.mentor.user)
    added = goal_add(match=match, actor=match.mentor.user, text="Win the contract")
    assert added.position == 2


def test_the_database_holds_the_limit_of_three_by_itself(match):
    Goal.objects.create(match=match, position=1, text="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(match=match, position=4, text="Four")
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(match=match, position=1, text="Same place")


@pytest.mark.parametrize(("text", "field"), [("   ", "text"), ("x" * 301, "text")])
def test_a_goal_needs_words_within_the_limit(match, text, field):
    with pytest.raises(ValidationError) as refused:
        goal_add(match=match, actor=match.request.mentee.user, text=text)
    assert field in refused.value.message_dict
    assert not match.goals.exists()


def test_only_the_pair_and_only_while_live(match):
    other = accepted_match()
    with pytest.raises(ValidationError):
        goal_add(match=match, actor=other.mentor.user, text=PENSIONS)
    goal = goal_add(match=match, actor=match.request.mentee.user, text=PENSIONS)
    with pytest.raises(ValidationError):
        goal_update(goal=goal, actor=other.request.mentee.user, text="Mine now")
    _end(match)
    for attempt in (
        lambda: goal_add(match=match, actor=match.mentor.user, text="Late"),
        lambda: goal_update(goal=goal, actor=match.mentor.user, text="Late"),
        lambda: goal_remove(goal=goal, actor=match.mentor.user),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert Goal.objects.get(pk=goal.pk).text == PENSIONS


def test_rewording_keeps_the_goal_and_says_who_wrote_it(match):
    goal = goal_add(match=match, actor=match.request.mentee.user, text=PENSIONS)
    logged_session(match, goal=goal, goal_progress="Met the council's pensions officer")
    goal_update(goal=goal, actor=match.mentor.user, text="Agree pensions with the council")
    goal.refresh_from_db()
    assert goal.written_by == match.mentor.user
    assert goal.added_by == match.request.mentee.user
    assert goal.progress.get().note == "Met the council's pensions officer"


# Progress on sessions -----------------------------------------------------------------------


def test_a_session_notes_progress_on_one_goal_optionally(match):
    goal = goal_add(match=match, actor=match.request.mentee.user, text=PENSIONS)
    without = logged_session(match)
    assert not GoalProgress.objects.filter(session=without).exists()
    session = logged_session(match, goal=goal, goal_progress="Draft letter agreed")
    assert (session.goal_progress.goal, session.goal_progress.note) == (goal, "Draft letter agreed")


def test_a_session_cannot_claim_another_pairs_goal_or_progress_without_a_goal(match):
    other = accepted_match()
    theirs = goal_add(match=other, actor=other.mentor.user, text="Theirs")
    with pytest.raises(ValidationError) as refused:
        logged_session(match, goal=theirs, goal_progress="Sneaky")
    assert "goal" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        logged_session(match, goal=None, goal_progress="Progress on nothing")
    assert "goal" in refused.value.message_dict
    assert not match.sessions.exists()


def test_the_session_page_offers_the_goals_and_stays_valid_without_them(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:session_new", args=[match.pk])
    page = client.get(url).content.decode()
    assert "Which of your goals" not in page  # no goals: no question
    goal = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    page = client.get(url).content.decode()
    assert "Which of your goals did this session work on?" in page
    assert PENSIONS in page
    today = timezone.localdate()
    base = {
        "date_day": today.day,
        "date_month": today.month,
        "date_year": today.year,
        "duration_minutes": "60",
        "format": "video",
    }
    assert client.post(url, base).status_code == 302
    response = client.post(url, {**base, "goal": goal.pk, "goal_progress": "Letter sent"})
    assert response.status_code == 302
    progress = GoalProgress.objects.get()
    assert (progress.goal, progress.note) == (goal, "Letter sent")
    # The change page shows it, and taking the goal off removes the progress.
    edit = reverse("mentoring:session_edit", args=[progress.session_id])
    assert "Letter sent" in client.get(edit).content.decode()
    assert client.post(edit, {**base, "goal": ""}).status_code == 302
    assert not GoalProgress.objects.exists()
    # The pair reads their progress under the goal.
    logged_session(match, goal=goal, goal_progress="Council agreed in principle")
    assert "Council agreed in principle" in client.get(goals_url(match)).content.decode()


# Pages: who may write -----------------------------------------------------------------------


def test_the_pair_adds_changes_and_removes_goals_on_pages(client, match):
    client.force_login(match.mentor.user)
    page = client.get(goals_url(match)).content.decode()
    assert 'id="goals"' in page
    new = reverse("mentoring:goal_new", args=[match.pk])
    assert new in page
    response = client.post(new, {"text": ""})
    assert response.status_code == 200
    assert "Enter the goal" in response.content.decode()
    long = "y" * 301
    response = client.post(new, {"text": long})
    assert "300 characters or fewer" in response.content.decode()
    assert long in response.content.decode()  # the input is kept
    assert client.post(new, {"text": PENSIONS}).status_code == 302
    goal = match.goals.get()
    edit = reverse("mentoring:goal_edit", args=[goal.pk])
    assert PENSIONS in client.get(edit).content.decode()
    assert client.post(edit, {"text": "Pensions agreed"}).status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Pensions agreed"
    delete = reverse("mentoring:goal_delete", args=[goal.pk])
    assert "Are you sure" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not match.goals.exists()


def test_a_fourth_goal_is_refused_on_the_page_with_the_input_kept(client, match):
    for words in ("One", "Two", "Three"):
        goal_add(match=match, actor=match.mentor.user, text=words)
    client.force_login(match.request.mentee.user)
    page = client.get(goals_url(match)).content.decode()
    assert reverse("mentoring:goal_new", args=[match.pk]) not in page
    response = client.post(reverse("mentoring:goal_new", args=[match.pk]), {"text": "Four"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "You can set up to 3 goals" in body
    assert "Four" in body
    assert match.goals.count() == 3


def test_another_pair_and_strangers_get_404_and_anonymous_sign_in(client, match):
    goal = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    urls = [
        reverse("mentoring:goal_new", args=[match.pk]),
        reverse("mentoring:goal_edit", args=[goal.pk]),
        reverse("mentoring:goal_delete", args=[goal.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    other = accepted_match()
    for person in (other.mentor.user, other.request.mentee.user):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"text": "Hijacked"}).status_code == 404, url
    goal.refresh_from_db()
    assert goal.text == PENSIONS


def test_coordinators_read_goals_and_ratings_but_cannot_change_them(coordinator_client, match):
    goal = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    logged_session(match, goal=goal, goal_progress="Private progress words")
    page = coordinator_client.get(reverse("mentoring:coordinator_match", args=[match.pk]))
    body = page.content.decode()
    assert PENSIONS in body
    assert "Private progress words" not in body
    assert reverse("mentoring:goal_edit", args=[goal.pk]) not in body
    for url in (
        reverse("mentoring:goal_new", args=[match.pk]),
        reverse("mentoring:goal_edit", args=[goal.pk]),
        reverse("mentoring:goal_delete", args=[goal.pk]),
    ):
        assert coordinator_client.get(url).status_code == 404
    _end(match)
    feedback_give(
        match=match,
        actor=match.mentor.user,
        stage="close",
        rating=4,
        goal_ratings={goal.pk: "partly_met"},
    )
    body = coordinator_client.get(
        reverse("mentoring:coordinator_match", args=[match.pk])
    ).content.decode()
    assert "Mentor: partly met" in body


def test_a_finished_match_shows_goals_without_links(client, match):
    goal = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    _end(match)
    client.force_login(match.request.mentee.user)
    page = client.get(goals_url(match)).content.decode()
    assert PENSIONS in page
    assert reverse("mentoring:goal_edit", args=[goal.pk]) not in page
    response = client.get(reverse("mentoring:goal_edit", args=[goal.pk]))
    assert response.status_code == 302


# Ratings at the close -----------------------------------------------------------------------


def test_goals_met_is_asked_once_per_goal_in_the_close_feedback(client, match):
    one = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    two = goal_add(match=match, actor=match.mentor.user, text="Board recruitment")
    client.force_login(match.request.mentee.user)
    # The end form no longer asks whether the goals were met.
    end_page = client.get(reverse("mentoring:match_end", args=[match.pk])).content.decode()
    assert "Goals met" not in end_page
    assert "Finished as planned" in end_page
    _end(match)
    url = reverse("mentoring:feedback_give", args=[match.pk, "close"])
    page = client.get(url).content.decode()
    assert f"Goal 1: {PENSIONS}" in page
    assert "Goal 2: Board recruitment" in page
    response = client.post(url, {"rating": "4", f"goal_{one.pk}": "met"})
    assert response.status_code == 200
    assert "Say whether goal 2 was met" in response.content.decode()
    assert not GoalRating.objects.exists()
    response = client.post(
        url, {"rating": "4", f"goal_{one.pk}": "met", f"goal_{two.pk}": "not_met"}
    )
    assert response.status_code == 302
    assert dict(GoalRating.objects.values_list("goal_id", "outcome")) == {
        one.pk: "met",
        two.pk: "not_met",
    }
    assert set(GoalRating.objects.values_list("author_role", flat=True)) == {"mentee"}
    event = AuditEvent.objects.get(match=match, verb="feedback.given")
    assert event.after["goals_rated"] == 2
    # The first-session feedback never asks about goals.
    logged = reverse("mentoring:feedback_give", args=[match.pk, "first_session"])
    assert "Goal 1" not in client.get(logged).content.decode()


def test_ratings_must_cover_each_goal_once_and_only_at_the_close(match):
    one = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    logged_session(match)
    with pytest.raises(ValidationError):
        feedback_give(
            match=match,
            actor=match.mentor.user,
            stage="first_session",
            rating=4,
            goal_ratings={one.pk: "met"},
        )
    _end(match)
    for ratings in ({}, {one.pk: "brilliant"}, {one.pk: "met", one.pk + 99: "met"}):
        with pytest.raises(ValidationError):
            feedback_give(
                match=match, actor=match.mentor.user, stage="close", rating=4, goal_ratings=ratings
            )
    assert not GoalRating.objects.exists()
    feedback_give(
        match=match, actor=match.mentor.user, stage="close", rating=4, goal_ratings={one.pk: "met"}
    )
    with pytest.raises(ValidationError):
        feedback_give(
            match=match,
            actor=match.mentor.user,
            stage="close",
            rating=4,
            goal_ratings={one.pk: "not_met"},
        )
    assert GoalRating.objects.get().outcome == "met"


# Dashboard, download, API -------------------------------------------------------------------


@pytest.fixture
def rated():
    """Two finished pairs: three goals rated met, partly met and not met by their sides."""
    first, second = accepted_match(), accepted_match()
    a = goal_add(match=first, actor=first.mentor.user, text="A")
    b = goal_add(match=first, actor=first.mentor.user, text="B")
    c = goal_add(match=second, actor=second.mentor.user, text="C")
    for match in (first, second):
        _end(match)
    feedback_give(
        match=first,
        actor=first.mentor.user,
        stage="close",
        rating=5,
        goal_ratings={a.pk: "met", b.pk: "partly_met"},
    )
    feedback_give(
        match=first,
        actor=first.request.mentee.user,
        stage="close",
        rating=4,
        goal_ratings={a.pk: "met", b.pk: "met"},
    )
    feedback_give(
        match=second,
        actor=second.request.mentee.user,
        stage="close",
        rating=2,
        goal_ratings={c.pk: "not_met"},
    )
    return {"met": 3, "partly": 1, "not": 1}


def test_the_dashboard_export_and_api_report_the_same_share_of_goals_met(rated, coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "all"})
    section = page.context["sections"]["goals"]
    assert [[str(cell) for cell in row] for row in section.rows] == [
        ["Met", "3", "60%"],
        ["Partly met", "1", "20%"],
        ["Not met", "1", "20%"],
        ["Goals rated", "5", ""],
    ]
    body = page.content.decode()
    assert "How far goals were met" in body
    assert "60%" in body

    download = coordinator_client.get(
        reverse("mentoring:coordinator_figures_export"), {"period": "all", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    start = rows.index(["How far goals were met"])
    assert ["Met", "3", "60%"] in rows[start : start + 8]
    assert ["Goals rated", "5", ""] in rows[start : start + 8]

    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    api = APIClient()
    api.credentials(**bearer(token_create(owner=coordinator, name="reads").secret))
    sections = api.get("/api/v1/dashboard/", {"period": "all"}).json()["sections"]
    goals = next(s for s in sections if s["slug"] == "goals")
    met = goals["rows"][0]
    assert [met[0]["text"], met[1]["value"], met[2]["value"], met[2]["text"]] == [
        "Met",
        3,
        0.6,
        "60%",
    ]


def test_no_rating_yet_says_so_rather_than_zero_per_cent(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "all"})
    rows = page.context["sections"]["goals"].rows
    assert str(rows[0][2]) == "No data yet (no goal rated)"


def test_the_cached_figures_change_when_goals_are_rated(match):
    goal = goal_add(match=match, actor=match.mentor.user, text=PENSIONS)
    _end(match)
    before = data_version()
    feedback_give(
        match=match, actor=match.mentor.user, stage="close", rating=3, goal_ratings={goal.pk: "met"}
    )
    assert data_version() != before


# A person's data ----------------------------------------------------------------------------


def test_the_data_export_has_the_goals_ratings_and_progress(match):
    goal = goal_add(match=match, actor=match.request.mentee.user, text=PENSIONS)
    logged_session(match, goal=goal, goal_progress="Letter drafted")
    _end(match)
    feedback_give(
        match=match,
        actor=match.request.mentee.user,
        stage="close",
        rating=5,
        goal_ratings={goal.pk: "partly_met"},
    )
    data = account_data_export(user=match.request.mentee.user)
    assert data["goals"][0]["goal"] == PENSIONS
    assert data["goals"][0]["written_by_you"] is True
    assert data["goal_ratings"] == [
        {
            "goal_id": goal.pk,
            "as": "Mentee",
            "outcome": "Partly met",
            "created_at": GoalRating.objects.get().created_at,
        }
    ]
    assert data["goal_progress"][0]["progress"] == "Letter drafted"
    # The mentor sees the pair's goal too, but not the mentee's rating.
    theirs = account_data_export(user=match.mentor.user)
    assert theirs["goals"][0]["written_by_you"] is False
    assert theirs["goal_ratings"] == []


def test_erasure_removes_the_persons_words_and_keeps_the_ratings(match):
    mine = goal_add(match=match, actor=match.request.mentee.user, text=PENSIONS)
    theirs = goal_add(match=match, actor=match.mentor.user, text="Board recruitment")
    logged_session(match, goal=mine, goal_progress="Letter drafted")
    logged_session(
        match, actor=match.mentor.user, goal=theirs, goal_progress="Mentor's own progress"
    )
    _end(match)
    feedback_give(
        match=match,
        actor=match.request.mentee.user,
        stage="close",
        rating=5,
        goal_ratings={mine.pk: "met", theirs.pk: "partly_met"},
    )
    account_delete(user=match.request.mentee.user)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.text == ""
    assert theirs.text == "Board recruitment"
    assert set(GoalProgress.objects.values_list("note", flat=True)) == {
        "",
        "Mentor's own progress",
    }
    assert GoalRating.objects.count() == 2


# Demo data ----------------------------------------------------------------------------------


def test_demo_pairs_have_goals_progress_and_ratings_once():
    from mentoring.demo import seed_demo

    seed_demo(mentors=30, mentees=90, seed=7, demo_accounts=True)
    goals = Goal.objects.all()
    assert goals.filter(match__status__in=Match.LIVE_STATUSES).exists()
    assert goals.filter(match__status__in=Match.FINISHED_STATUSES).exists()
    assert goals.filter(match__request__mentee__user__email="mentee@demo.test").exists()
    assert GoalProgress.objects.exists()
    assert not GoalProgress.objects.exclude(goal__match=models.F("session__match")).exists()
    ratings = GoalRating.objects.all()
    assert ratings.exists()
    assert not ratings.exclude(goal__match__status__in=Match.FINISHED_STATUSES).exists()
    # Rated with the close feedback, on its day.
    for rating in ratings.select_related("goal")[:20]:
        feedback = rating.goal.match.feedback.get(stage="close", author_role=rating.author_role)
        assert rating.created_at == feedback.created_at
    counts = (goals.count(), GoalProgress.objects.count(), ratings.count())
    seed_demo(mentors=30, mentees=90, seed=7, demo_accounts=True)
    assert (goals.count(), GoalProgress.objects.count(), ratings.count()) == counts


# Races --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_both_adding_the_last_goal_at_once_makes_one_and_a_plain_message(taxonomies):
    """Both of the pair press "Save goal" for the third place together, several times: one goal
    is made, the other sees the limit in words, never an error page (SQLite and PostgreSQL)."""
    from django.test import Client

    from tests.mentoring.test_races import ROUNDS, race

    for _ in range(ROUNDS):
        match = accepted_match()
        for words in ("One", "Two"):
            goal_add(match=match, actor=match.mentor.user, text=words)
        browsers = []
        for person in (match.request.mentee.user, match.mentor.user):
            browser = Client()
            browser.force_login(person)
            browsers.append(browser)
        url = reverse("mentoring:goal_new", args=[match.pk])
        answers = race(
            *[
                lambda b=b, n=n, url=url: b.post(url, {"text": f"Third {n}"})
                for n, b in enumerate(browsers)
            ]
        )
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200, 302], answers
        refused = next(answer for answer in answers if answer.status_code == 200)
        assert "You can set up to 3 goals" in refused.content.decode()
        assert sorted(match.goals.values_list("position", flat=True)) == [1, 2, 3]


def test_the_match_pages_read_goals_in_a_fixed_number_of_queries(
    coordinator_client, match, django_assert_num_queries
):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    first = goal_add(match=match, actor=match.mentor.user, text="One")
    logged_session(match, goal=first, goal_progress="A start")
    mentee = Client()  # coordinator_client is the test's own client, signed in as a coordinator
    mentee.force_login(match.request.mentee.user)
    pages = [
        (mentee, reverse("mentoring:match_detail", args=[match.pk])),
        (coordinator_client, reverse("mentoring:coordinator_match", args=[match.pk])),
    ]
    counts = []
    for browser, url in pages:
        with CaptureQueriesContext(connection) as small:
            assert browser.get(url).status_code == 200
        counts.append(len(small))
    for words in ("Two", "Three"):
        goal = goal_add(match=match, actor=match.mentor.user, text=words)
        logged_session(match, goal=goal, goal_progress=f"Progress on {words}")
    for (browser, url), count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            assert browser.get(url).status_code == 200
