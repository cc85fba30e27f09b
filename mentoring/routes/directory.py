"""URL patterns for the coordinator's mentor directory (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import directory

urlpatterns: list = [
    path("coordinator/mentors/", directory.mentor_directory, name="mentor_directory"),
    path("coordinator/mentors/<int:pk>/", directory.coordinator_mentor, name="coordinator_mentor"),
]
