"""URL patterns by area, joined in mentoring/urls.py under the `mentoring` namespace."""
