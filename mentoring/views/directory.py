"""The coordinator's mentor directory, and one mentor as a coordinator sees them."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.forms.directory import MentorDirectoryForm
from mentoring.models import MentorProfile
from mentoring.pagination import paginate
from mentoring.selectors.directory import (
    directory_rows,
    mentor_for_coordinator,
    mentor_matches,
    mentors_directory,
)
from mentoring.views.case_notes import case_notes_panel

PER_PAGE = 25


@coordinator_required
@require_safe
def mentor_directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.pop("page", None)
    form = MentorDirectoryForm(query or None)
    page, pagination = paginate(request, mentors_directory(filters=form.filters()), PER_PAGE)
    valid = form.is_bound and form.is_valid()
    return render(
        request,
        "mentoring/directory/list.html",
        {
            "form": form,
            "rows": directory_rows(list(page.object_list)),
            "page": page,
            "pagination": pagination,
            "filtered": valid and any(form.cleaned_data.values()),
        },
    )


@coordinator_required
@require_safe
def coordinator_mentor(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        mentor = mentor_for_coordinator(pk=pk)
    except MentorProfile.DoesNotExist:
        raise Http404("No such mentor") from None
    page, pagination = paginate(request, mentor_matches(mentor), PER_PAGE)
    return render(
        request,
        "mentoring/directory/mentor.html",
        {
            "mentor": mentor,
            "row": directory_rows([mentor])[0],
            "matches": page,
            "pagination": pagination,
            "case_notes": case_notes_panel(mentor=mentor),
        },
    )
