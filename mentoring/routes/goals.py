"""URL patterns for the pair's goals (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import goals

urlpatterns: list = [
    path("matches/<int:pk>/goals/new/", goals.goal_new, name="goal_new"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", goals.goal_delete, name="goal_delete"),
]
