"""URL patterns for coordinators' case notes (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import case_notes

urlpatterns: list = [
    path(
        "coordinator/case-notes/<slug:about>/<int:pk>/new/",
        case_notes.case_note_new,
        name="case_note_new",
    ),
]
