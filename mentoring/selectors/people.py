"""How people are named to others, and how an erased account is recognised."""

from accounts.models import User

# An erased account keeps its row (for the scheme's figures) with an address at this domain.
DELETED_EMAIL_DOMAIN = "deleted.invalid"


def is_deleted_user(user: User | None) -> bool:
    return (
        user is not None and not user.is_active and user.email.endswith(f"@{DELETED_EMAIL_DOMAIN}")
    )


def person_display_name(user: User | None) -> str:
    """A person's name as shown to others: "Deleted user" once they have deleted the account."""
    if user is None or is_deleted_user(user):
        return "Deleted user"
    return user.display_name
