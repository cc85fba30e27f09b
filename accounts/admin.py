"""Admin for people, and the admin site's sign-in through allauth with MFA for staff."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import UserChangeForm
from accounts.models import User
from accounts.permissions import CoordinatorAccess, two_step_access, two_step_redirect


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


# The admin signs people in through allauth (email verification, rate limits, MFA) rather than
# its own login form, and, like coordinator pages, lets staff in only when this session has passed
# two-step verification (an authenticator on the account is not enough).
_admin_has_permission = admin.site.has_permission


def _admin_has_permission_with_mfa(request: HttpRequest) -> bool:
    return _admin_has_permission(request) and two_step_access(request) is CoordinatorAccess.GRANTED


def _admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url)
    if not (user.is_active and user.is_staff):
        raise PermissionDenied("Only staff can use the admin site.")
    stop = two_step_redirect(request, two_step_access(request), next_url)
    return stop or HttpResponseRedirect(next_url)


admin.site.has_permission = _admin_has_permission_with_mfa
admin.site.login = _admin_login
