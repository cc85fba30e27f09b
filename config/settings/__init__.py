"""Settings entry point: picks the environment's settings module from DJANGO_ENV.

DJANGO_ENV=production -> hardened settings; DJANGO_ENV=test -> test settings; anything else -> local
development settings with DEBUG on.
"""

import os

_env = os.environ.get("DJANGO_ENV", "development").strip().lower()

if _env == "production":
    from config.settings.production import *  # noqa: F403
elif _env == "test":
    from config.settings.test import *  # noqa: F403
else:
    from config.settings.development import *  # noqa: F403
