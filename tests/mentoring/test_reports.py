"""The coordinator's dashboard, lists and action lists, checked against hand-computed figures."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import totp_activate_with_secret
from mentoring.models import Feedback, Match, MentoringRequest, SessionLog
from mentoring.selectors.reports.breakdowns import breakdowns, dimension_names
from mentoring.selectors.reports.figures import headline_figures
from mentoring.selectors.reports.lists import action_counts
from mentoring.selectors.reports.periods import Period, period_custom, period_named
from mentoring.selectors.reports.speed import speed
from mentoring.selectors.reports.supply import supply_and_demand
from mentoring.views.reports.lists import PER_PAGE
from tests.accounts.conftest import sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    accepted_match,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LIST_KINDS = ["requests", "matches", "sessions", "feedback"]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def coordinator_client(client):
    """A coordinator signed in through the forms, code and all (the pages ask about the
    session's second step, not only the account's authenticator)."""
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    sign_in(client, coordinator, secret=SECRET)
    return client


class TestHeadlineFigures:
    def test_all_time_figures_match_the_hand_count(self, scheme):
        figures = headline_figures(period=Period("All time"), now=scheme["now"])
        assert figures.requests_waiting == 2  # r5 and m3's request, back in the queue
        assert figures.longest_wait_days == 30
        assert figures.introductions == 4
        assert figures.matches_accepted == 2
        assert figures.matches_declined == 1
        assert figures.matches_active == 1  # m1; m2 completed
        assert figures.matches_completed == 1
        assert figures.sessions == 2
        assert figures.session_hours == 2.5
        assert figures.feedback_count == 2
        assert figures.average_rating == 3.5
        assert figures.mentors_spare_capacity == 4
        assert figures.mentors_paused == 1

    def test_a_period_counts_only_what_happened_in_it(self, scheme):
        today = timezone.localdate()
        period = period_custom(today - 4 * DAY, today)
        figures = headline_figures(period=period, now=scheme["now"])
        assert figures.matches_accepted == 2
        assert figures.sessions == 0  # both sessions were more than 30 days ago
        # Introductions count by the day they were sent: m1, m2 and m3 today; m4 9 days ago.
        assert figures.introductions == 3

    def test_an_empty_period_says_no_data_yet_and_never_divides_by_zero(self, scheme):
        period = period_custom(datetime.date(2001, 1, 1), datetime.date(2001, 12, 31))
        figures = headline_figures(period=period, now=scheme["now"])
        assert speed(period=period).to_introduction.median is None
        assert figures.average_rating is None
        assert figures.sessions == 0

    def test_an_empty_scheme_shows_no_data_yet(self, coordinator_client):
        response = coordinator_client.get(reverse("mentoring:coordinator"))
        assert response.status_code == 200
        assert "No data yet" in response.content.decode()


def test_named_periods():
    today = datetime.date(2026, 5, 17)
    assert period_named("month", today=today).first == datetime.date(2026, 5, 1)
    assert period_named("quarter", today=today).first == datetime.date(2026, 4, 1)
    assert period_named("year", today=today).first == datetime.date(2026, 1, 1)
    assert period_named("all", today=today).is_all_time


def test_breakdowns_by_sector_stage_region_and_legal_form(scheme):
    names = dimension_names()
    tables = {b.key: b for b in breakdowns(period=Period("All time"), names=names)}
    health = next(r for r in tables["sector"].rows if r["name"] == "Health and social care")
    # Every factory mentee is a health and social care CIC in the North West, preparing.
    assert health == {
        "name": "Health and social care",
        "requests": 5,
        "introductions": 4,
        "sessions": 2,
    }
    north_west = next(r for r in tables["region"].rows if r["name"] == "North West")
    assert north_west["requests"] == 5
    cic = next(r for r in tables["legal_form"].rows if r["name"] == "Community interest company")
    assert cic["introductions"] == 4
    empty = breakdowns(
        period=period_custom(datetime.date(2001, 1, 1), datetime.date(2001, 2, 1)), names=names
    )
    assert all(b.is_empty for b in empty)


def test_supply_and_demand_is_the_recruiting_list(scheme):
    rows = {row["name"]: row for row in supply_and_demand().rows}
    # Open requests: r5 (TUPE and HR), m3's request (TUPE and HR, the factory default).
    tupe = rows["TUPE and HR"]
    assert tupe["demand"] == 2
    # Factory mentors offer business planning only: no one offers TUPE.
    assert tupe["supply"] == 0
    assert tupe["shortfall"] == 2
    assert rows["Business planning"]["supply"] == 4  # the paused mentor is not counted
    assert supply_and_demand().rows[0]["name"] == "TUPE and HR"  # largest shortfall first


def test_action_lists(scheme, coordinator_client):
    assert action_counts(now=scheme["now"]) == {
        "waiting": 1,  # r5; m3's request came back 3 days ago
        "unanswered": 1,  # m4
        "quiet": 1,  # m1, last session 35 days ago
        "low_ratings": 1,
    }
    pages = {
        "waiting": scheme["r5"].mentee.organisation_name,
        "unanswered": scheme["m4"].request.mentee.organisation_name,
        "quiet": scheme["m1"].request.mentee.organisation_name,
        "low_ratings": scheme["m1"].request.mentee.organisation_name,
    }
    for kind, organisation in pages.items():
        response = coordinator_client.get(reverse("mentoring:action_list", args=[kind]))
        assert response.status_code == 200
        assert organisation in response.content.decode()
    quiet = coordinator_client.get(reverse("mentoring:action_list", args=["quiet"]))
    last = timezone.localdate() - 35 * DAY
    assert f"{last:%-d %b %Y}" in quiet.content.decode()


class TestLists:
    @pytest.mark.parametrize("kind", ["requests", "matches", "sessions", "feedback"])
    def test_every_list_shows_and_never_shows_private_notes(self, scheme, coordinator_client, kind):
        response = coordinator_client.get(reverse("mentoring:report_list", args=[kind]))
        assert response.status_code == 200
        assert "worried about the board" not in response.content.decode()

    def test_filters_by_status_and_search(self, scheme, coordinator_client):
        url = reverse("mentoring:report_list", args=["matches"])
        response = coordinator_client.get(url, {"status": "declined"})
        assert [row.pk for row in response.context["rows"]] == [scheme["m3"].pk]
        name = scheme["m4"].mentor.user.full_name
        response = coordinator_client.get(url, {"search": name})
        assert [row.pk for row in response.context["rows"]] == [scheme["m4"].pk]

    def test_filters_by_date_range_and_checks_the_dates(self, scheme, coordinator_client):
        url = reverse("mentoring:report_list", args=["requests"])
        old = timezone.localdate() - 25 * DAY
        response = coordinator_client.get(
            url, {"date_to_day": old.day, "date_to_month": old.month, "date_to_year": old.year}
        )
        assert [row.pk for row in response.context["rows"]] == [scheme["r5"].pk]
        response = coordinator_client.get(
            url,
            {
                "date_from_day": "2",
                "date_from_month": "1",
                "date_from_year": "2026",
                "date_to_day": "1",
                "date_to_month": "1",
                "date_to_year": "2026",
            },
        )
        assert "Requested to must be the same as or after requested from" in (
            response.content.decode()
        )
        bad = coordinator_client.get(url, {"date_from_day": "31", "date_from_month": "2"})
        assert "Requested from must include a year" in bad.content.decode()

    def test_sector_filter(self, scheme, coordinator_client):
        from mentoring.models import Sector

        housing = Sector.objects.get(slug="housing")
        url = reverse("mentoring:report_list", args=["sessions"])
        response = coordinator_client.get(url, {"sector": housing.pk})
        assert response.context["rows"] == []
        assert "No session logs match these filters." in response.content.decode()

    @pytest.mark.parametrize("kind", ["requests", "matches", "sessions", "feedback"])
    def test_query_count_does_not_grow_with_data(
        self, scheme, coordinator_client, django_assert_num_queries, kind
    ):
        url = reverse("mentoring:report_list", args=[kind])
        coordinator_client.get(url)  # warm the session
        with django_assert_num_queries(LIST_QUERIES) as small:
            coordinator_client.get(url)
        for _ in range(3):
            accepted_match()
        m = Match.objects.filter(status="accepted").first()
        for day in range(30):
            SessionLog.objects.create(
                match=m, date=timezone.localdate() - day * DAY, duration_minutes=30, format="phone"
            )
            Feedback.objects.get_or_create(
                match=m, author_role="mentor", stage="close", defaults={"rating": 4}
            )
        with django_assert_num_queries(len(small.captured_queries)):
            response = coordinator_client.get(url + "?page=2")
        assert response.status_code == 200
        # The pinned count is for a page that shows the rows asked for, not an empty one.
        model = {
            "requests": MentoringRequest,
            "matches": Match,
            "sessions": SessionLog,
            "feedback": Feedback,
        }[kind]
        page = response.context["page"]
        total = model.objects.count()
        assert page.paginator.count == total
        assert page.number == min(2, page.paginator.num_pages)
        shown = min(PER_PAGE, total - (page.number - 1) * PER_PAGE)
        assert len(response.context["rows"]) == shown > 0
        html = response.content.decode()
        assert html.count('<tr class="govuk-table__row">') >= shown
        if kind == "sessions":
            assert page.number == 2
            assert 'aria-label="Page 2" aria-current="page"' in html

    def test_dashboard_query_count_is_fixed(
        self, scheme, coordinator_client, django_assert_num_queries
    ):
        url = reverse("mentoring:coordinator")
        coordinator_client.get(url)
        with django_assert_num_queries(DASHBOARD_QUERIES):
            coordinator_client.get(url + "?period=all")
        for _ in range(3):
            accepted_match()
        with django_assert_num_queries(DASHBOARD_QUERIES):
            coordinator_client.get(url + "?period=all")


LIST_QUERIES = 10
DASHBOARD_QUERIES = 40


class TestDashboard:
    def test_shows_figures_charts_and_tables(self, scheme, coordinator_client):
        response = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "all"})
        page = response.content.decode()
        assert "3.5 out of 5" in page
        sections = response.context["sections"]
        # Request to introduction sent: 0 (m4), 8 (m3), 10 (m1) and 20 (m2) days.
        assert sections["speed"].rows[1][:2] == ["Median days", 9]
        assert ["Hours of mentoring", 2.5, "All time"] in sections["headline"].rows
        assert 'role="img"' in page
        caption = '<caption class="govuk-table__caption govuk-table__caption--s" id="table-funnel">'
        assert caption in page
        assert "style=" not in page  # the content security policy forbids inline styles

    def test_custom_period_is_validated(self, coordinator_client):
        response = coordinator_client.get(
            reverse("mentoring:coordinator"),
            {
                "period": "custom",
                "date_from_day": "5",
                "date_from_month": "6",
                "date_from_year": "2026",
                "date_to_day": "1",
                "date_to_month": "6",
                "date_to_year": "2026",
            },
        )
        page = response.content.decode()
        assert "End date must be the same as or after the start date" in page
        assert "There is a problem" in page
        missing = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "custom"})
        assert "Enter a start date" in missing.content.decode()

    def test_custom_period(self, scheme, coordinator_client):
        today = timezone.localdate()
        response = coordinator_client.get(
            reverse("mentoring:coordinator"),
            {
                "period": "custom",
                "date_from_day": "1",
                "date_from_month": "1",
                "date_from_year": "2001",
                "date_to_day": today.day,
                "date_to_month": today.month,
                "date_to_year": today.year,
            },
        )
        assert response.context["report"].figures.introductions == 4


URLS = [
    ("mentoring:coordinator", []),
    ("mentoring:report_list", ["requests"]),
    ("mentoring:report_list", ["sessions"]),
    ("mentoring:action_list", ["waiting"]),
    ("mentoring:action_list", ["low_ratings"]),
    ("mentoring:export", ["sessions"]),
    ("mentoring:coordinator_figures_export", []),
]


@pytest.mark.parametrize(("name", "args"), URLS)
def test_mentees_and_mentors_get_403(client, name, args):
    client.force_login(accepted_match().mentor.user)
    assert client.get(reverse(name, args=args)).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), URLS)
def test_anonymous_people_are_sent_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unknown_list_is_not_found(coordinator_client):
    assert coordinator_client.get("/coordinator/reports/salaries/").status_code == 404
    assert coordinator_client.get("/coordinator/actions/salaries/").status_code == 404
    assert coordinator_client.get("/coordinator/export/salaries/").status_code == 404
