"""Coordinator pages to import mentors from a CSV: upload, preview with problems, confirm."""

import csv

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import coordinator_required
from mentoring.forms.mentor_imports import MentorImportConfirmForm, MentorImportUploadForm
from mentoring.models import MentorImport
from mentoring.pagination import paginate
from mentoring.selectors.mentor_imports import (
    SHOW_ALL,
    SHOW_PROBLEMS,
    mentor_import_counts,
    mentor_import_earlier,
    mentor_import_for_coordinator,
    mentor_import_rows,
    mentor_imports_recent,
)
from mentoring.services.mentor_import_csv import COLUMNS, MAX_ROWS
from mentoring.services.mentor_imports import mentor_import_confirm, mentor_import_preview
from mentoring.views.submit import form_page, submitted

ROWS_PER_PAGE = 50
IMPORTS_PER_PAGE = 10
TEMPLATE_EXAMPLE = (
    "Jo Bloggs",
    "jo.bloggs@example.org",
    "Housing; Health and social care",
    "Preparing to spin out",
    "Governance and board; TUPE and HR",
    "North West",
    "2",
    "Former finance director of a housing mutual",
)


@coordinator_required
@form_page
def mentor_import_upload(request: HttpRequest) -> HttpResponse:
    form = MentorImportUploadForm()
    if request.method == "POST":
        form = MentorImportUploadForm(request.POST, request.FILES)

    def preview() -> MentorImport:
        upload = form.cleaned_data["file"]
        try:
            return mentor_import_preview(
                coordinator=request.user, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            # The file as a whole was refused: say so at the file input.
            raise ValidationError({"file": error.messages}) from None

    done = submitted(
        request,
        form,
        preview,
        then=lambda mentor_import: reverse("mentoring:mentor_import", args=[mentor_import.pk]),
    )
    if done:
        return done
    page, pagination = paginate(request, mentor_imports_recent(), IMPORTS_PER_PAGE)
    return render(
        request,
        "mentoring/mentor_imports/upload.html",
        {
            "form": form,
            "imports": page,
            "pagination": pagination,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
        },
    )


def _import_or_404(pk: int) -> MentorImport:
    try:
        return mentor_import_for_coordinator(pk=pk)
    except MentorImport.DoesNotExist:
        raise Http404("No such import") from None


def _import_page(request: HttpRequest, mentor_import: MentorImport, form) -> HttpResponse:
    counts = mentor_import_counts(mentor_import)
    show = request.GET.get("show")
    if show not in (SHOW_PROBLEMS, SHOW_ALL):
        show = SHOW_PROBLEMS if counts["problems"] else SHOW_ALL
    page, pagination = paginate(
        request, mentor_import_rows(mentor_import, show=show), ROWS_PER_PAGE
    )
    return render(
        request,
        "mentoring/mentor_imports/import.html",
        {
            "mentor_import": mentor_import,
            "counts": counts,
            "earlier": mentor_import_earlier(mentor_import),
            "rows": page,
            "pagination": pagination,
            "show": show,
            "form": form,
            "can_confirm": mentor_import.status == MentorImport.Status.PREVIEWED
            and counts["ready"] > 0,
        },
    )


@coordinator_required
@require_safe
def mentor_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import_page(request, _import_or_404(pk), MentorImportConfirmForm())


@coordinator_required
@require_POST
def mentor_import_confirm_page(request: HttpRequest, pk: int) -> HttpResponse:
    mentor_import = _import_or_404(pk)
    form = MentorImportConfirmForm(request.POST)
    done = submitted(
        request,
        form,
        lambda: mentor_import_confirm(mentor_import=mentor_import, coordinator=request.user),
        then=reverse("mentoring:mentor_import", args=[mentor_import.pk]),
        success="We are inviting the mentors. Each gets an email with a link to set a password.",
    )
    if done:
        return done
    mentor_import.refresh_from_db()
    return _import_page(request, mentor_import, form)


@coordinator_required
@require_safe
def mentor_import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the header row and one example mentor, to fill in and upload."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mentor-import-template.csv"'
    response.write("\ufeff")  # a byte-order mark, so Excel opens it as UTF-8
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerow(TEMPLATE_EXAMPLE)
    return response
