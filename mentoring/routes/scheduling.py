"""URL patterns for arranging sessions (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import scheduling

urlpatterns: list = [
    path("matches/<int:pk>/schedule/", scheduling.scheduled_new, name="scheduled_new"),
    path("scheduled/<int:pk>/change/", scheduling.scheduled_edit, name="scheduled_edit"),
    path("scheduled/<int:pk>/cancel/", scheduling.scheduled_cancel, name="scheduled_cancel"),
    path(
        "scheduled/<int:pk>/calendar.ics",
        scheduling.scheduled_calendar,
        name="scheduled_calendar",
    ),
]
