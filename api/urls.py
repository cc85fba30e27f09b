"""The API, version 1 (mounted under /api/v1/)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import coordinator, endpoints, matches, requests, runs, sessions
from api.exceptions import not_found

app_name = "api"

urlpatterns = [
    path("me/", endpoints.MeView.as_view(), name="me"),
    path("taxonomies/", endpoints.TaxonomiesView.as_view(), name="taxonomies"),
    path("runs/", runs.RunsView.as_view(), name="runs"),
    path("runs/<int:pk>/", runs.RunView.as_view(), name="run"),
    path("runs/<int:pk>/draft/", runs.RunDraftView.as_view(), name="run_draft"),
    path("runs/<int:pk>/publish/", runs.RunPublishView.as_view(), name="run_publish"),
    path("runs/<int:pk>/discard/", runs.RunDiscardView.as_view(), name="run_discard"),
    path(
        "requests/<int:pk>/suggestions/",
        coordinator.SuggestionsView.as_view(),
        name="request_suggestions",
    ),
    path("mentors/", coordinator.DirectoryView.as_view(), name="mentors"),
    path("dashboard/", coordinator.DashboardView.as_view(), name="dashboard"),
    path("requests/", requests.RequestListView.as_view(), name="requests"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/withdraw/", requests.WithdrawView.as_view(), name="request_withdraw"),
    path("requests/<int:pk>/close/", requests.CloseView.as_view(), name="request_close"),
    path("matches/", matches.MatchListView.as_view(), name="matches"),
    path("matches/<int:pk>/", matches.MatchDetailView.as_view(), name="match"),
    path("matches/<int:pk>/sessions/", matches.MatchSessionsView.as_view(), name="match_sessions"),
    path("matches/approve/", matches.MatchApproveView.as_view(), name="match_approve"),
    path("matches/<int:pk>/accept/", matches.MatchAcceptView.as_view(), name="match_accept"),
    path("matches/<int:pk>/decline/", matches.MatchDeclineView.as_view(), name="match_decline"),
    path("matches/<int:pk>/cancel/", matches.MatchCancelView.as_view(), name="match_cancel"),
    path("matches/<int:pk>/end/", matches.MatchEndView.as_view(), name="match_end"),
    path("matches/<int:pk>/feedback/", sessions.MatchFeedbackView.as_view(), name="match_feedback"),
    path("sessions/<int:pk>/", sessions.SessionChangeView.as_view(), name="session"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # Last: an address that names no endpoint answers in JSON too, not with the HTML page.
    re_path(r"^(?P<path>.*)$", not_found),
]
