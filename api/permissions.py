"""Who may use coordinator endpoints: the same rule as coordinator pages (accounts.permissions).

With the session, the sign-in must have passed two-step verification. With a token, the owner
must be a coordinator; api.tokens already refuses a coordinator's token once the account has no
authenticator app.
"""

from rest_framework import permissions

from accounts.permissions import CoordinatorAccess, coordinator_access
from api.models import ApiToken


class IsCoordinator(permissions.BasePermission):
    message = "Only scheme coordinators who use two-step verification can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_coordinator):
            return False
        if isinstance(request.auth, ApiToken):
            return True
        return coordinator_access(request._request) is CoordinatorAccess.GRANTED
