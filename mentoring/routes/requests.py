"""URL patterns for a mentee's mentoring requests (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import requests

urlpatterns: list = [
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path(
        "requests/<int:pk>/withdraw/",
        requests.request_withdraw_page,
        name="request_withdraw",
    ),
]
