"""The coordinator's dashboard: headline figures for a period, breakdowns, charts, action lists."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.forms.reports import PeriodForm
from mentoring.selectors.profiles import coordinator_overview
from mentoring.selectors.reports.figures import (
    breakdowns,
    chart_months,
    headline_figures,
    monthly_series,
    supply_and_demand,
)
from mentoring.selectors.reports.lists import action_counts
from mentoring.views.reports.charts import bar_chart


def period_form(request: HttpRequest) -> PeriodForm:
    """The period form, bound only when the coordinator chose a period."""
    return PeriodForm(request.GET if "period" in request.GET else None, initial={"period": "year"})


@coordinator_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return dashboard_page(request, period_form(request))


def dashboard_page(request: HttpRequest, form: PeriodForm, status: int = 200) -> HttpResponse:
    """The dashboard for the form's period, and the form's errors if it has any (the figures
    export answers 400 with this page when its period is wrong)."""
    period = form.chosen_period()
    months = chart_months(period=period)
    series = monthly_series(months=months)
    needs = supply_and_demand()
    month_labels = [f"{row['month']:%b %Y}" for row in series]
    charts = {
        "activity": bar_chart(
            slug="activity",
            title="Requests and matches per month",
            description=f"Mentoring requests made and matches proposed each month, "
            f"{month_labels[0]} to {month_labels[-1]}.",
            labels=month_labels,
            series=[
                ("Requests", [row["requests"] for row in series]),
                ("Matches", [row["matches"] for row in series]),
            ],
        ),
        "sessions": bar_chart(
            slug="sessions",
            title="Sessions per month",
            description=f"Mentoring sessions logged each month, "
            f"{month_labels[0]} to {month_labels[-1]}.",
            labels=month_labels,
            series=[("Sessions", [row["sessions"] for row in series])],
        ),
        "needs": bar_chart(
            slug="needs",
            title="Supply and demand by need",
            description="For each need: open requests asking for it, and mentors offering it "
            "who have a free place and have not paused.",
            labels=[row["name"] for row in needs],
            series=[
                ("Open requests", [row["demand"] for row in needs]),
                ("Mentors available", [row["supply"] for row in needs]),
            ],
        ),
    }
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    context = {
        "form": form if form.is_bound else None,
        "period_form": form,
        "period": period,
        "figures": headline_figures(period=period),
        "breakdowns": breakdowns(period=period),
        "needs": needs,
        "series": series,
        "charts": charts,
        "actions": action_counts(),
        "overview": coordinator_overview(),
        "period_query": query,
    }
    return render(request, "mentoring/coordinator.html", context, status=status)
