"""URL patterns for the coordinator's dashboard and reports (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import reports

urlpatterns: list = [
    path("coordinator/", reports.dashboard, name="coordinator"),
]
