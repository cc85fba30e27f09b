"""URL patterns for a mentee's mentoring requests (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import requests as request_views

urlpatterns: list = [
    path("requests/new/", request_views.request_new, name="request_new"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path(
        "requests/<int:pk>/withdraw/",
        request_views.request_withdraw_page,
        name="request_withdraw",
    ),
]
