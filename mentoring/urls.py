"""URLs for the scheme's pages."""

from django.urls import path

from mentoring.routes import progress, reports, requests
from mentoring.views import home, introductions, onboarding, profile

app_name = "mentoring"

urlpatterns = [
    path("home/", home.home, name="home"),
    path("start/", home.choose_role, name="choose_role"),
    path("onboarding/<str:role>/", onboarding.onboarding_start, name="onboarding_start"),
    path("onboarding/<str:role>/check/", onboarding.onboarding_check, name="onboarding_check"),
    path("onboarding/<str:role>/done/", onboarding.onboarding_done, name="onboarding_done"),
    path("onboarding/<str:role>/<slug:step>/", onboarding.onboarding_step, name="onboarding_step"),
    path("profile/", profile.profile, name="profile"),
    path("profile/availability/", profile.mentor_availability, name="mentor_availability"),
    path("profile/data/", profile.your_data, name="your_data"),
    path("profile/data/download/", profile.data_download, name="data_download"),
    path("profile/delete/", profile.delete_account, name="delete_account"),
    path("account-deleted/", profile.account_deleted, name="account_deleted"),
    path("introductions/<int:pk>/", introductions.introduction, name="introduction"),
]
urlpatterns += requests.urlpatterns + progress.urlpatterns + reports.urlpatterns
