"""URL patterns for the progress pages (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import progress

urlpatterns: list = [
    path("matches/<int:pk>/", progress.match_detail, name="match_detail"),
    path("matches/<int:pk>/sessions/new/", progress.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", progress.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", progress.session_delete, name="session_delete"),
    path("matches/<int:pk>/feedback/<slug:stage>/", progress.feedback_page, name="feedback_give"),
    path("matches/<int:pk>/end/", progress.match_end_page, name="match_end"),
    path("matches/<int:pk>/ended/", progress.match_ended, name="match_ended"),
    path("coordinator/matches/<int:pk>/", progress.coordinator_match, name="coordinator_match"),
    path(
        "coordinator/matches/<int:pk>/end/",
        progress.coordinator_match_end,
        name="coordinator_match_end",
    ),
    path(
        "coordinator/matches/<int:pk>/cancel/",
        progress.coordinator_match_cancel,
        name="coordinator_match_cancel",
    ),
]
