"""URL patterns for importing mentors from a CSV (see mentoring/urls.py)."""

from django.urls import path

from mentoring.views import mentor_imports

urlpatterns: list = [
    path(
        "coordinator/mentors/import/",
        mentor_imports.mentor_import_upload,
        name="mentor_import_upload",
    ),
    path(
        "coordinator/mentors/import/template.csv",
        mentor_imports.mentor_import_template,
        name="mentor_import_template",
    ),
    path(
        "coordinator/mentors/import/<int:pk>/",
        mentor_imports.mentor_import,
        name="mentor_import",
    ),
    path(
        "coordinator/mentors/import/<int:pk>/confirm/",
        mentor_imports.mentor_import_confirm_page,
        name="mentor_import_confirm",
    ),
]
