"""A child process for tests/accounts/test_rate_limits_shared.py: sign-in attempts, as a web
process would answer them, printed as one JSON list ("signed in", "limited" or "wrong").

    python -m tests.accounts.sign_in_attempts EMAIL PASSWORD [PASSWORD ...]
"""

import json
import os
import sys

LIMITED = "Too many failed login attempts. Try again later."


def main(email: str, passwords: list[str]) -> list[str]:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.shared_cache_settings"
    django.setup()
    from django.test import Client
    from django.urls import reverse

    outcomes = []
    for password in passwords:
        client = Client()
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        if response.status_code == 302 and "_auth_user_id" in client.session:
            outcomes.append("signed in")
        elif LIMITED in response.content.decode():
            outcomes.append("limited")
        else:
            outcomes.append("wrong")
    return outcomes


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:])))
