"""URL patterns for chasing pairs: email both, snooze a row (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import nudges

urlpatterns: list = [
    path("coordinator/matches/<int:pk>/email-both/", nudges.nudge, name="nudge"),
    path(
        "coordinator/actions/<slug:kind>/<int:pk>/snooze/",
        nudges.action_snooze,
        name="action_snooze",
    ),
    path(
        "coordinator/actions/<slug:kind>/<int:pk>/unsnooze/",
        nudges.action_unsnooze,
        name="action_unsnooze",
    ),
]
