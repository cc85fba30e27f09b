"""URL patterns for a person's profile, their data and deleting their account (see
mentoring/urls.py)."""

from django.urls import path

from mentoring.views import profile

urlpatterns: list = [
    path("profile/", profile.profile, name="profile"),
    path("profile/availability/", profile.mentor_availability, name="mentor_availability"),
    path("profile/data/", profile.your_data, name="your_data"),
    path("profile/data/download/", profile.data_download, name="data_download"),
    path("profile/delete/", profile.delete_account, name="delete_account"),
    path("account-deleted/", profile.account_deleted, name="account_deleted"),
]
