"""URL patterns for a mentee's shortlist of mentors (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import shortlists

urlpatterns = [
    path("requests/<int:pk>/shortlist/", shortlists.shortlist_detail, name="shortlist"),
    path(
        "requests/<int:pk>/shortlist/<int:entry_pk>/choose/",
        shortlists.shortlist_choose,
        name="shortlist_choose",
    ),
    path(
        "requests/<int:pk>/shortlist/others/", shortlists.shortlist_others, name="shortlist_others"
    ),
]
