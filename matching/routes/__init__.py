"""URL patterns by area, joined in matching/urls.py under the `matching` namespace."""
