"""A day at the scheme, for locust: mentees, mentors, coordinators and API clients on loopback.

Each simulated person signs in (a real password hash; coordinators type a two-step code), then
browses and works as they would: mentees and mentors read their home and match pages and log
sessions; coordinators read the review queue, a request's ranked suggestions and the dashboard;
API clients list matches, requests and a match's sessions with a personal token. Every person
signs out and in again now and then. The accounts come from `benchmarks.load.prepare`.
Run through `python -m benchmarks.load.run`, which bounds each stage in time and requests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(
    Path(os.environ.get("LOAD_ACCOUNTS", Path(__file__).with_name(".accounts.json"))).read_text()
)
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_key)" value="([^"]+)"')
_pairs = itertools.cycle(ACCOUNTS["pairs"])
_coordinators = itertools.cycle(ACCOUNTS["coordinators"])
_open_requests = itertools.cycle(ACCOUNTS["open_requests"] or [0])
_requests_made = itertools.count(1)
_client_numbers = itertools.count(1)


@events.request.add_listener
def _stop_after_enough(**_kwargs):
    """Bound the stage in requests as well as in time: stop once the cap is reached."""
    if MAX_REQUESTS and next(_requests_made) >= MAX_REQUESTS:
        runner = _stop_after_enough.runner
        if runner is not None:
            runner.quit()


_stop_after_enough.runner = None


@events.init.add_listener
def _keep_runner(environment, **_kwargs):
    _stop_after_enough.runner = environment.runner


def _totp(secret: str) -> str:
    """The current six-digit code (RFC 6238), waiting for a fresh window near its end."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.05)
    counter = int(time.time() // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def _hidden(html: str) -> dict:
    return dict(HIDDEN.findall(html))


def _from_own_address(user: HttpUser) -> None:
    """Each simulated person comes from an address of their own, as behind a load balancer
    (serve with ALLAUTH_TRUSTED_PROXY_COUNT=1): per-address sign-in limits then apply per person,
    not to the whole test at once."""
    number = next(_client_numbers)
    user.client.headers["X-Forwarded-For"] = (
        f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    )


class SignedInPerson(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _from_own_address(self)

    def _sign_in(self, email: str) -> None:
        page = self.client.get("/accounts/login/", name="sign in (form)")
        fields = _hidden(page.text)
        self.client.post(
            "/accounts/login/",
            data={**fields, "login": email, "password": ACCOUNTS["password"]},
            name="sign in",
        )

    def _sign_out(self) -> None:
        page = self.client.get("/accounts/logout/", name="sign out (form)")
        self.client.post("/accounts/logout/", data=_hidden(page.text), name="sign out")


class PairPerson(SignedInPerson):
    abstract = True
    side = "mentee"

    def on_start(self) -> None:
        super().on_start()
        self.pair = next(_pairs)
        self._sign_in(self.pair[self.side])

    @task(10)
    def home(self) -> None:
        self.client.get("/home/", name="home")

    @task(6)
    def match_page(self) -> None:
        self.client.get(f"/matches/{self.pair['match']}/", name="match page")

    @task(1)
    def log_session(self) -> None:
        url = f"/matches/{self.pair['match']}/sessions/new/"
        form = self.client.get(url, name="log a session (form)")
        today = time.localtime()
        self.client.post(
            url,
            data={
                **_hidden(form.text),
                "date_day": today.tm_mday,
                "date_month": today.tm_mon,
                "date_year": today.tm_year,
                "duration_minutes": 60,
                "format": "video",
                "notes": "Went through the plan for the next board meeting.",
            },
            name="log a session",
        )

    @task(1)
    def sign_out_and_in(self) -> None:
        self._sign_out()
        self._sign_in(self.pair[self.side])


class Mentee(PairPerson):
    weight = 4
    side = "mentee"


class Mentor(PairPerson):
    weight = 3
    side = "mentor"

    @task(4)
    def introductions(self) -> None:
        self.client.get("/introductions/", name="introductions")


class Coordinator(SignedInPerson):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.email = next(_coordinators)
        self._sign_in(self.email)
        page = self.client.get("/accounts/2fa/authenticate/", name="two-step code (form)")
        self.client.post(
            "/accounts/2fa/authenticate/",
            data={**_hidden(page.text), "code": _totp(ACCOUNTS["totp_secret"])},
            name="two-step code",
        )

    @task(3)
    def review_queue(self) -> None:
        self.client.get("/coordinator/review/", name="review queue")

    @task(2)
    def suggestions(self) -> None:
        self.client.get(f"/coordinator/review/{next(_open_requests)}/", name="suggestions")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/coordinator/", name="dashboard")

    @task(1)
    def stalled_pairs(self) -> None:
        self.client.get("/coordinator/actions/quiet/", name="action list")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _from_own_address(self)
        self.pair = next(_pairs)
        self.client.headers["Authorization"] = f"Bearer {self.pair['mentee_token']}"

    @task(3)
    def matches(self) -> None:
        self.client.get("/api/v1/matches/", name="API matches")

    @task(2)
    def requests(self) -> None:
        self.client.get("/api/v1/requests/", name="API requests")

    @task(2)
    def sessions(self) -> None:
        self.client.get(f"/api/v1/matches/{self.pair['match']}/sessions/", name="API sessions")
