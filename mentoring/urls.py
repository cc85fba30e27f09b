"""URLs for the scheme's pages: one route module per area, all under the `mentoring` namespace."""

from django.urls import include, path

app_name = "mentoring"

urlpatterns = [
    path("", include(f"mentoring.routes.{area}"))
    for area in (
        "home",
        "onboarding",
        "profile",
        "requests",
        "shortlists",
        "introductions",
        "vetting",
        "progress",
        "scheduling",
        "goals",
        "reports",
        "directory",
        "mentor_imports",
        "case_notes",
        "nudges",
    )
]
