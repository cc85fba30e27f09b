"""Account pages for personal API tokens (mounted under /accounts/api-tokens/)."""

from django.urls import path

from api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_new, name="new"),
    path("created/", views.token_created, name="created"),
    path("<int:token_id>/revoke/", views.token_revoke_confirm, name="revoke"),
]
