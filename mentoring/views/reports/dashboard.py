"""The coordinator's dashboard: the figures a funder asks for, for a period, with charts, the
recruiting list, breakdowns and the action lists. Its tables are also the downloads'."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.forms.reports import PeriodForm
from mentoring.selectors.reports.lists import action_counts
from mentoring.views.reports.charts import Chart, bar_chart
from mentoring.views.reports.sections import Section, dashboard_report


def period_form(request: HttpRequest) -> PeriodForm:
    """The period form, bound only when the coordinator chose a period."""
    return PeriodForm(request.GET if "period" in request.GET else None, initial={"period": "year"})


@coordinator_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return dashboard_page(request, period_form(request))


def _chart(section: Section, slug: str, title: str, description: str, columns) -> Chart:
    """A chart of some columns of a section's table (the table follows it on the page)."""
    rows = section.charted
    return bar_chart(
        slug=slug,
        title=title,
        description=description,
        labels=[str(row[0]) for row in rows],
        series=[(section.columns[index], [row[index] for row in rows]) for index in columns],
    )


def charts(sections: dict[str, Section]) -> dict[str, Chart]:
    monthly = sections["monthly"]
    months = f"{monthly.rows[0][0]} to {monthly.rows[-1][0]}"
    return {
        "activity": _chart(
            monthly,
            "activity",
            "Requests and introductions per month",
            f"Mentoring requests made and introductions sent each month, {months}.",
            (1, 2),
        ),
        "sessions": _chart(
            monthly,
            "sessions",
            "Sessions per month",
            f"Mentoring sessions logged each month, {months}.",
            (3,),
        ),
        "funnel": _chart(
            sections["funnel"],
            "funnel",
            "From sign-up to completed mentoring",
            "Mentees who signed up in the period, at each step they have reached.",
            (1,),
        ),
        "speed": _chart(
            sections["speed"],
            "speed",
            "How many days it took",
            "Introductions by days from the request, and first sessions by days from the "
            "introduction, in bands of days.",
            (1, 2),
        ),
        "needs": _chart(
            sections["needs"],
            "needs",
            "Supply and demand by need, now",
            "For each need: open requests asking for it, and mentors offering it who have a "
            "free place and have not paused.",
            (1, 2),
        ),
    }


def dashboard_page(request: HttpRequest, form: PeriodForm, status: int = 200) -> HttpResponse:
    """The dashboard for the form's period, and the form's errors if it has any (the figures
    export answers 400 with this page when its period is wrong)."""
    report = dashboard_report(period=form.chosen_period())
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "form": form if form.is_bound else None,
        "period_form": form,
        "period": report.period,
        "report": report,
        "sections": report.sections,
        "charts": charts(report.sections),
        "actions": action_counts(),
        "period_query": query.urlencode() if form.is_bound and form.is_valid() else "",
    }
    return render(request, "mentoring/coordinator.html", context, status=status)
