"""URL patterns for the coordinator's review pages (see matching/urls.py)."""

from django.urls import path

from matching.views import review

urlpatterns = [
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:pk>/", review.review_request, name="review_request"),
    path("review/<int:pk>/approve/", review.review_approve, name="review_approve"),
    path("review/<int:pk>/mentors/<int:mentor_pk>/", review.review_choose, name="review_choose"),
    path("review/<int:pk>/close/", review.review_close, name="review_close"),
]
