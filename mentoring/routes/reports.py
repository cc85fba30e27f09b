"""URL patterns for the coordinator's dashboard and reports (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import reports

urlpatterns: list = [
    path("coordinator/", reports.dashboard, name="coordinator"),
    path("coordinator/reports/<slug:kind>/", reports.report_list, name="report_list"),
    path("coordinator/actions/<slug:kind>/", reports.action_list, name="action_list"),
    path("coordinator/export/<slug:kind>/", reports.export, name="export"),
]
