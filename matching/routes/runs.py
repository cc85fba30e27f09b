"""URL patterns for the coordinator's runs pages (see matching/urls.py)."""

from django.urls import path

from matching.views import runs

urlpatterns: list = [
    path("runs/", runs.runs, name="runs"),
    path("runs/start/", runs.run_start, name="run_start"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/status.json", runs.run_status, name="run_status"),
    path(
        "runs/<int:pk>/pairs/<int:pair_pk>/remove/",
        runs.run_pair_remove,
        name="run_pair_remove",
    ),
    path("runs/<int:pk>/pairs/<int:pair_pk>/swap/", runs.run_pair_swap, name="run_pair_swap"),
    path("runs/<int:pk>/publish/", runs.run_publish, name="run_publish"),
    path("runs/<int:pk>/discard/", runs.run_discard, name="run_discard"),
]
