"""URL patterns for the requests pages (see mentoring/urls.py)."""

urlpatterns: list = []
