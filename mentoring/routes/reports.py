"""URL patterns for the coordinator's dashboard and reports (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import reports

urlpatterns: list = [
    path("coordinator/", reports.dashboard, name="coordinator"),
    path("coordinator/reports/<slug:kind>/", reports.report_list, name="report_list"),
    path("coordinator/actions/<slug:kind>/", reports.action_list, name="action_list"),
    # Every figure of the dashboard: ?format=csv|ods with the dashboard's period parameters.
    path(
        "coordinator/export/figures/",
        reports.figures_export,
        name="coordinator_figures_export",
    ),
    path("coordinator/export/<slug:kind>/", reports.export, name="export"),
]
