"""URLs for the coordinator's matching pages, mounted under /coordinator/."""

from matching.routes import review, runs

app_name = "matching"

urlpatterns = review.urlpatterns + runs.urlpatterns
