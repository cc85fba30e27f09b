"""URLs for the scheme's pages."""

app_name = "mentoring"

urlpatterns: list = []
