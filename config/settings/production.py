"""Production: refuses to start without a secret key, allowed hosts, a shared cache, the site's
address and the scheme's contact address; HTTPS-only cookies, HSTS."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from config.logging import logging_config
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    DJANGO_CACHE,
    LOG_LEVEL,
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
# Rotating the key: the old one goes here for a while, so signed-in people, password-reset links
# and signed cookies made with it still work (docs/operations.md, "Rotating secrets").
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
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

# DJANGO_LOOPBACK_HTTP=true runs the production settings over plain HTTP on this machine only
# (`make prod-like`): refused unless every allowed host is a loopback name.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOOPBACK_HTTP = env.bool("DJANGO_LOOPBACK_HTTP", default=False)
if LOOPBACK_HTTP and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_LOOPBACK_HTTP serves plain HTTP, so DJANGO_ALLOWED_HOSTS may only name this "
        "machine's loopback (127.0.0.1, localhost)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not LOOPBACK_HTTP and env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not LOOPBACK_HTTP
CSRF_COOKIE_SECURE = not LOOPBACK_HTTP
SECURE_HSTS_SECONDS = (
    0 if LOOPBACK_HTTP else env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

LOGGING = logging_config(json_lines=env.bool("LOG_JSON", default=True), level=LOG_LEVEL)

# Links in emails use the site address, and people see the scheme's contact address on the
# privacy notice and in emails: neither may fall back to a placeholder.
SITE_URL = _required("SITE_URL").rstrip("/")
_site = urlsplit(SITE_URL)
_loopback_site = LOOPBACK_HTTP and _site.scheme == "http" and _site.hostname in LOOPBACK_HOSTS
if (_site.scheme != "https" and not _loopback_site) or not _site.netloc:
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
    # Only for Django's file backend (`make prod-like` writes each email to a file there).
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="") or None
