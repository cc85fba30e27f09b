"""The "new sign-in" notice: an email when someone signs in from a browser the account has not
signed in from before.

A browser is recognised by a long-lived, signed, HttpOnly cookie holding a random id. Only a
keyed hash of that id together with the person's id is stored (``KnownBrowser``), so a cookie
copied from another account's browser does not count, and the cookie cannot be made up without
the secret key. An account's first sign-in ever (just after sign-up, or the first since this
notice began) only remembers the browser. The email gives the time and the browser in plain
words, never the internet address.
"""

import re
import secrets

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.utils.crypto import salted_hmac

from accounts.models import KnownBrowser, User

COOKIE_NAME = "mm_browser"
COOKIE_SALT = "accounts.sign_in_notice"
COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60  # two years, renewed at each sign-in

# First match wins: Edge, Opera and Samsung Internet also say "Chrome", and Chrome says "Safari".
_BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
_SYSTEMS = (
    (r"iPhone", "an iPhone"),
    (r"iPad", "an iPad"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"CrOS", "ChromeOS"),
    (r"Macintosh|Mac OS X", "a Mac"),
    (r"Linux", "Linux"),
)


def browser_in_words(user_agent: str) -> str:
    """'Chrome on Windows', 'Safari on an iPhone', or 'an unknown browser'."""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"a browser on {system}"
    return "an unknown browser"


def _browser_hash(user: User, browser_id: str) -> str:
    return salted_hmac(COOKIE_SALT, f"{user.pk}:{browser_id}", algorithm="sha256").hexdigest()


def sign_in_notice(*, request, response, user: User) -> None:
    """Remember this browser for the person, and email them if it is new to a known account."""
    browser_id = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if not browser_id:
        browser_id = secrets.token_urlsafe(32)
    browser_hash = _browser_hash(user, browser_id)
    known = KnownBrowser.objects.filter(user=user)
    if not known.filter(browser_hash=browser_hash).exists():
        first_sign_in = not known.exists()
        KnownBrowser.objects.get_or_create(user=user, browser_hash=browser_hash)
        if not first_sign_in:
            _send(request, user)
    if response is not None:
        response.set_signed_cookie(
            COOKIE_NAME,
            browser_id,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )


def _send(request, user: User) -> None:
    # The adapter renders our templates and logs an email the provider does not take.
    browser = browser_in_words(request.headers.get("User-Agent", ""))
    get_adapter(request).send_notification_mail(
        "account/email/new_sign_in",
        user,
        {"ip": None, "user_agent": None, "browser": browser},
        email=user.email,
    )
