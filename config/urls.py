"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

from config import health
from mentoring.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("cookies/", pages.cookies, name="cookies"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/api-tokens/", include("api.account_urls")),
    path("api/v1/", include("api.urls")),
    path("coordinator/", include("matching.urls")),
    path("", include("mentoring.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
