"""The coordinator's dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import coordinator_required
from mentoring.selectors.profiles import coordinator_overview


@coordinator_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/coordinator.html", {"overview": coordinator_overview()})
