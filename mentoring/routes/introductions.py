"""URL patterns for introductions: the list and one introduction (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import introductions

urlpatterns: list = [
    path("introductions/", introductions.introduction_list, name="introductions"),
    path("introductions/<int:pk>/", introductions.introduction, name="introduction"),
]
