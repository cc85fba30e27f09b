"""People who use the service: email is the login; roles come from profiles and groups."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

COORDINATORS_GROUP = "coordinators"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Staff can sign in to the admin site.",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    # Part of every session's sign-in hash: changing it (accounts.services.security_stamp_rotate)
    # signs the person out everywhere, as changing the password does.
    security_stamp = models.CharField("security stamp", max_length=64, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if not self.is_active and not self.email:
            return "Deleted user"
        return self.full_name or self.email

    def get_session_auth_hash(self) -> str:
        return self._session_auth_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret=fallback_secret)

    def _session_auth_hash(self, secret=None) -> str:
        # Django's own hash (of the password) while the stamp is empty, so sessions made before
        # the stamp existed stay valid; the stamp joins it once it has been rotated.
        value = self.password
        if self.security_stamp:
            value = f"{self.password}|{self.security_stamp}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.groups.filter(name=COORDINATORS_GROUP).exists()


class AuthenticatorSetupLink(models.Model):
    """A single-use, expiring link that lets a staff member set up their first authenticator.

    Only a SHA-256 hash of the link's token is stored. See docs/adr/0004-coordinator-enrolment.md.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="authenticator_setup_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "authenticator set-up link"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="accounts_setup_link_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"Set-up link for {self.user_id}"


class KnownBrowser(models.Model):
    """A browser a person has signed in from before: signing in from any other one emails them.

    The browser keeps a random id in a signed cookie; only a keyed hash of that id together with
    the person's id is stored, so a copied cookie says nothing about another account.
    See accounts/sign_in_notice.py.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_browsers")
    browser_hash = models.CharField(max_length=64)
    first_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "known browser"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "browser_hash"], name="accounts_known_browser_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Known browser of {self.user_id}"
