"""URL patterns for vetting mentors and the mentor agreement (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import vetting

urlpatterns: list = [
    path("coordinator/vetting/", vetting.vetting_queue, name="vetting_queue"),
    path("coordinator/vetting/<int:pk>/", vetting.vetting_review, name="vetting_review"),
    path(
        "coordinator/vetting/<int:pk>/<slug:decision>/",
        vetting.vetting_decide,
        name="vetting_decide",
    ),
    path("mentor/agreement/", vetting.mentor_agreement, name="mentor_agreement"),
]
