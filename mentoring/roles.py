"""The role someone picked on the start page (`?role=mentee|mentor`), kept in their session.

The start page's buttons go to allauth's sign-up with `?role=`; the choice is remembered
through sign-up, verification and sign-in, and the role choice page preselects it.
"""

from django.http import HttpRequest

ROLE_MENTEE = "mentee"
ROLE_MENTOR = "mentor"
ROLES = (ROLE_MENTEE, ROLE_MENTOR)
SESSION_ROLE = "mentoring_role"


def remember_role(request: HttpRequest) -> None:
    """Note `?role=` in the session; writes only when it changes, so most calls cost nothing."""
    role = request.GET.get("role")
    session = getattr(request, "session", None)
    if role in ROLES and session is not None and session.get(SESSION_ROLE) != role:
        session[SESSION_ROLE] = role
