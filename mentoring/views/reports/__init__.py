"""The coordinator's dashboard, reports, action lists and downloads."""

from mentoring.views.reports.dashboard import dashboard
from mentoring.views.reports.exports import export
from mentoring.views.reports.figures_export import figures_export
from mentoring.views.reports.lists import action_list, report_list

__all__ = ["action_list", "dashboard", "export", "figures_export", "report_list"]
