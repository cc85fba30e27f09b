"""Fill a PostgreSQL database for the load test: `python -m benchmarks.load.prepare`.

Loads the web benchmark's data (10,000 mentees, 10,000 mentors, 5,000 live pairs, 50,000 session
logs, a draft cohort run, the stored matching index) into the named database, which is dropped
and made again, then gives a pool of live pairs and coordinators a known password (and the
coordinators an authenticator) and writes who they are, with an API token for each mentee, to an
accounts file the locust file reads. Serve that database with `make prod-like` before the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import urlparse

ACCOUNTS_FILE = Path(__file__).with_name(".accounts.json")
LOAD_PASSWORD = "load-test-password-1"  # noqa: S105  (throwaway accounts on a loopback database)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (as above)


def _recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlparse(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _pool(size: int) -> dict:
    """Known passwords for the people of `size` live pairs and for `size` coordinators."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from accounts.services import totp_activate_with_secret
    from api.tokens import token_create
    from mentoring.models import Match, MentoringRequest
    from tests.accounts.factories import CoordinatorFactory

    password_hash = make_password(LOAD_PASSWORD)
    pairs = list(
        Match.objects.filter(status__in=Match.LIVE_STATUSES)
        .select_related("request__mentee__user", "mentor__user")
        .order_by("id")[:size]
    )
    people = []
    for match in pairs:
        mentee, mentor = match.request.mentee.user, match.mentor.user
        token = token_create(owner=mentee, name="Load test")
        people.append(
            {
                "match": match.pk,
                "mentee": mentee.email,
                "mentor": mentor.email,
                "mentee_token": token.secret,
            }
        )
    users = {match.request.mentee.user_id for match in pairs} | {m.mentor.user_id for m in pairs}
    User.objects.filter(pk__in=users).update(password=password_hash)
    coordinators = []
    for number in range(size):
        coordinator = CoordinatorFactory(email=f"load-coordinator{number:03d}@example.org")
        coordinator.password = password_hash
        coordinator.save(update_fields=["password"])
        totp_activate_with_secret(user=coordinator, secret_base32=TOTP_SECRET)
        coordinators.append(coordinator.email)
    open_requests = list(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .order_by("id")
        .values_list("id", flat=True)[:size]
    )
    return {
        "password": LOAD_PASSWORD,
        "totp_secret": TOTP_SECRET,
        "pairs": people,
        "coordinators": coordinators,
        "open_requests": open_requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mutuals_prodlike"
        ),
        help="the PostgreSQL database to drop, make again and fill",
    )
    parser.add_argument("--pool", type=int, default=150, help="pairs and coordinators who sign in")
    parser.add_argument("--accounts", type=Path, default=ACCOUNTS_FILE)
    args = parser.parse_args()
    started = time.perf_counter()
    _recreate_database(args.database_url)
    from benchmarks.web import _load, _setup_django

    _setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    sizes = _load(random.Random(2026))  # noqa: S311  (benchmark data, not security)
    accounts = _pool(args.pool)
    args.accounts.write_text(json.dumps(accounts, indent=1))
    print(
        json.dumps(
            {
                **sizes,
                "pool": args.pool,
                "accounts_file": str(args.accounts),
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
