"""The API, version 1 (mounted under /api/v1/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import endpoints, matches

app_name = "api"

urlpatterns = [
    path("me/", endpoints.MeView.as_view(), name="me"),
    path("taxonomies/", endpoints.TaxonomiesView.as_view(), name="taxonomies"),
    path("matches/", matches.MatchListView.as_view(), name="matches"),
    path("matches/<int:pk>/", matches.MatchDetailView.as_view(), name="match"),
    path("matches/<int:pk>/sessions/", matches.MatchSessionsView.as_view(), name="match-sessions"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
