"""URLs for account pages that allauth does not provide."""

app_name = "accounts"

urlpatterns: list = []
