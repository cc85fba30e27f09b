"""URL patterns for the coordinator's runs pages (see matching/urls.py)."""

urlpatterns: list = []
