"""A tiny URL configuration for access-check tests: one coordinator page of each kind."""

from django.http import HttpResponse
from django.urls import include, path
from django.views import View
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import CoordinatorRequiredMixin, IsCoordinator, coordinator_required


@coordinator_required
def coordinator_page(request):
    return HttpResponse("coordinator page")


class CoordinatorClassPage(CoordinatorRequiredMixin, View):
    def get(self, request):
        return HttpResponse("coordinator class page")


class CoordinatorApi(APIView):
    permission_classes = [IsCoordinator]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("coordinator/function/", coordinator_page, name="test_coordinator_function"),
    path("coordinator/class/", CoordinatorClassPage.as_view(), name="test_coordinator_class"),
    path("coordinator/api/", CoordinatorApi.as_view(), name="test_coordinator_api"),
    path("", include("config.urls")),
]
