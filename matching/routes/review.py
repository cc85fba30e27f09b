"""URL patterns for the coordinator's review pages (see matching/urls.py)."""

urlpatterns: list = []
