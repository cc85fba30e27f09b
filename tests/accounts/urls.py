"""A tiny URL configuration for access-check tests: one coordinator page."""

from django.http import HttpResponse
from django.urls import include, path

from accounts.permissions import coordinator_required


@coordinator_required
def coordinator_page(request):
    return HttpResponse("coordinator page")


urlpatterns = [
    path("coordinator/function/", coordinator_page, name="test_coordinator_function"),
    path("", include("config.urls")),
]
