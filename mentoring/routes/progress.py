"""URL patterns for the progress pages (see mentoring/urls.py)."""

urlpatterns: list = []
