"""URL patterns for the reports pages (see mentoring/urls.py)."""

urlpatterns: list = []
