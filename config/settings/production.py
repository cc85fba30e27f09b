"""Production: refuses to start without a secret key, allowed hosts and a shared cache;
HTTPS-only cookies, HSTS."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DJANGO_CACHE, REDIS_URL, env


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
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
