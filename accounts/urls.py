"""URLs for account pages that allauth does not provide."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("set-up/<str:token>/", views.setup_link, name="setup_link"),
]
