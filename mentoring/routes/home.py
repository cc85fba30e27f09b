"""URL patterns for the signed-in home page and choosing a role (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import home

urlpatterns: list = [
    path("home/", home.home, name="home"),
    path("start/", home.choose_role, name="choose_role"),
]
