"""Production: refuses to start without a secret key, allowed hosts, a shared cache, the site's
address and the scheme's contact address; HTTPS-only cookies, HSTS."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from config.settings.base import *  # noqa: F403
from config.settings.base import (
    DJANGO_CACHE,
    NOTIFY_API_KEY,
    NOTIFY_BACKEND,
    REDIS_URL,
    SERVICE_NAME,
    env,
)


def _required(name: str) -> str:
    value = env(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment when DJANGO_ENV=production. "
            "See docs/operations.md."
        )
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("DJANGO_ALLOWED_HOSTS").split(",")]
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the service's hosts, not '*'.")

# Rate limits (sign-in, two-step codes) and used two-step codes live in the cache: a cache of
# one process's memory would give every worker, and every restart, a fresh allowance.
if DJANGO_CACHE not in {"redis", "database"} or (DJANGO_CACHE == "redis" and not REDIS_URL):
    raise ImproperlyConfigured(
        "Production needs a cache shared by every process, for sign-in rate limits: set "
        "REDIS_URL, or DJANGO_CACHE=database (and run `manage.py createcachetable`). "
        "See docs/operations.md."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Links in emails use the site address, and people see the scheme's contact address on the
# privacy notice and in emails: neither may fall back to a placeholder.
SITE_URL = _required("SITE_URL").rstrip("/")
if urlsplit(SITE_URL).scheme != "https" or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        "SITE_URL must be the service's https:// address, like https://mentoring.example.gov.uk"
    )
SCHEME_CONTACT_EMAIL = _required("SCHEME_CONTACT_EMAIL")
try:
    validate_email(SCHEME_CONTACT_EMAIL)
except ValidationError as error:
    raise ImproperlyConfigured("SCHEME_CONTACT_EMAIL must be an email address.") from error
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SERVICE_NAME} <{SCHEME_CONTACT_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if NOTIFY_API_KEY:
    NOTIFY_EMAIL_TEMPLATE_ID = _required("NOTIFY_EMAIL_TEMPLATE_ID")
    EMAIL_BACKEND = NOTIFY_BACKEND
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
