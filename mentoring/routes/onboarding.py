"""URL patterns for the onboarding flows of both roles (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import onboarding

urlpatterns: list = [
    path("onboarding/<str:role>/", onboarding.onboarding_start, name="onboarding_start"),
    path("onboarding/<str:role>/check/", onboarding.onboarding_check, name="onboarding_check"),
    path("onboarding/<str:role>/done/", onboarding.onboarding_done, name="onboarding_done"),
    # After check/ and done/, so those two words are never read as a step's slug.
    path("onboarding/<str:role>/<slug:step>/", onboarding.onboarding_step, name="onboarding_step"),
]
