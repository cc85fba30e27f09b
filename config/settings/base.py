"""Settings shared by every environment, read from the environment with django-environ."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Mutuals Mentoring"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # TemplatesSetting (FORM_RENDERER) needs the built-in widget templates
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "mentoring",
    "matching",
    "api",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.NoStoreMiddleware",
    "config.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite by default (zero set-up); DATABASE_URL switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and a task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the sign-in rate limits and used two-step codes, so every web process must
# share it: Redis when REDIS_URL is set (sessions are cached there too), or the database with
# DJANGO_CACHE=database (after `manage.py createcachetable`). Local memory (one process only)
# is for development; production refuses it (config/settings/production.py).
REDIS_URL = env("REDIS_URL", default="")
DJANGO_CACHE = env("DJANGO_CACHE", default="redis" if REDIS_URL else "locmem").strip().lower()
DATABASE_CACHE_TABLE = "django_cache"
if DJANGO_CACHE == "redis" and REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mm",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DJANGO_CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's four checks, with hints and errors in plain English (accounts/passwords.py); the
# hint under a new password lists them in this order.
# Argon2id first (accounts/hashers.py, docs/adr/0024); the PBKDF2 hashers only read passwords
# stored before the change, each remade with Argon2id at its owner's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.MinimumLengthValidator"},
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mentoring:home"

# django-allauth: email is the login, verification is mandatory. Pages are GOV.UK overrides in
# templates/account, templates/allauth and templates/mfa; forms and adapter live in accounts/.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One address per person: "email management" is changing it (the new one is verified first).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Following the link in the email confirms it with one click on a GOV.UK page (a POST, so mail
# scanners that fetch links do not confirm addresses by themselves).
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth's emails are rendered by accounts.emails from templates/account/email and
# templates/mfa/email: the service's words, its subject line, links at SITE_URL. Security
# notices (password or email address changed, two-step verification set up or removed) are on.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    # Ten failed sign-ins in a row for one email address: the eleventh attempt is refused
    # (even with the right password) for 15 minutes. The per-IP limit is looser so that
    # colleagues behind one office address are not locked out together.
    "login_failed": "30/m/ip,10/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Behind a reverse proxy REMOTE_ADDR is the proxy's address, so per-IP limits would lock out
# everyone at once: name how many proxies we run (allauth then takes the client from that
# position in X-Forwarded-For), or the header a trusted proxy sets (e.g. X-Real-IP). Never set
# either without such a proxy: a client could then pick its own address. See docs/operations.md.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
# Wrong two-step codes count against "login_failed" too (allauth's check_rate_limit, keyed on
# the account): ten wrong codes in 15 minutes and the next code is refused, even a right one.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
MFA_FORMS = {
    "authenticate": "accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "accounts.forms.MfaReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# GOV.UK Notify sends every email when NOTIFY_API_KEY is set: our templates render the subject
# and body into one Notify template (docs/adr/0015-gov-uk-notify.md). Without a key, Django's
# backend named by EMAIL_BACKEND: the console locally, SMTP in production.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_BACKEND = "config.notify.NotifyEmailBackend"
EMAIL_BACKEND = (
    NOTIFY_BACKEND
    if NOTIFY_API_KEY
    else env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mutuals Mentoring <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people reach the scheme team: shown on the privacy notice and accessibility statement.
SCHEME_CONTACT_EMAIL = env("SCHEME_CONTACT_EMAIL", default="mentoring@example.org")

# Background work: django-tasks with the database backend; workers run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Bearer first: its WWW-Authenticate header makes a refusal a 401, not a 403.
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.json_exception_handler",
    # Per signed-in person and per anonymous client, counted in the default (shared) cache.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SERVICE_NAME} API",
    "DESCRIPTION": "The Mutuals Mentoring Scheme: your profile and the lists profiles use.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content security policy: only our own origin; inline scripts need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Every line carries the request id (config.logging); LOG_JSON=true writes one JSON object a
# line (production's default), for a log platform to index.
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = logging_config(json_lines=env.bool("LOG_JSON", default=False), level=LOG_LEVEL)

# Matching engine weights (shown to coordinators); see docs/matching.md.
MATCHING_WEIGHTS = {}
# How coordinators propose mentors unless they choose otherwise on the review page: "single"
# (one mentor, introduced at once) or "shortlist" (two or three for the mentee to choose from).
MATCHING_PROPOSAL_DEFAULT = env.str("MATCHING_PROPOSAL_DEFAULT", default="single")
if MATCHING_PROPOSAL_DEFAULT not in ("single", "shortlist"):
    raise ImproperlyConfigured('MATCHING_PROPOSAL_DEFAULT must be "single" or "shortlist".')

# Mentoring thresholds, in days: each rule has one number, read through mentoring/thresholds.py.
# An introduction unanswered this long gets one reminder to the mentor and is listed for action.
MENTORING_INTRODUCTION_REMINDER_DAYS = 7
# An introduction unanswered this long is overdue: flagged to coordinators to chase.
MENTORING_INTRODUCTION_OVERDUE_DAYS = 14
# A request waiting this long for a mentor is highlighted in the queue and listed for action.
MENTORING_REQUEST_WAITING_LONG_DAYS = 14
# A live pair with no session logged for this long is flagged, reminded and listed for action.
MENTORING_NO_SESSION_DAYS = 30
# Whoever logged a session may change or delete it for this long after logging it.
MENTORING_SESSION_EDIT_DAYS = 14
# A row a coordinator snoozes leaves its action list for this long, then comes back.
MENTORING_SNOOZE_DAYS = 14
# A shortlist not chosen from this long: the mentee is reminded once.
MENTORING_SHORTLIST_REMINDER_DAYS = 7
# A shortlist not chosen from this long is released (places freed) and flagged to coordinators.
MENTORING_SHORTLIST_EXPIRY_DAYS = 14
# The pair's own words (session notes, feedback comments) are erased this long after their
# match closed; dates, durations and ratings stay for the figures (mentoring/services/retention.py).
MENTORING_RETENTION_DAYS = env.int("MENTORING_RETENTION_DAYS", default=730)
