"""URLs for the coordinator's matching pages, mounted under /coordinator/."""

from matching.routes import review, runs, shortlists

app_name = "matching"

urlpatterns = review.urlpatterns + shortlists.urlpatterns + runs.urlpatterns
