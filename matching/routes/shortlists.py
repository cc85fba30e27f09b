"""URL patterns for offering a mentee a shortlist from the review page (see matching/urls.py)."""

from django.urls import path

from matching.views import shortlists

urlpatterns = [
    path(
        "review/<int:pk>/shortlist/",
        shortlists.review_shortlist_offer,
        name="review_shortlist_offer",
    ),
    path(
        "review/<int:pk>/shortlist/release/",
        shortlists.review_shortlist_release,
        name="review_shortlist_release",
    ),
]
