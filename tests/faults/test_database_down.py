"""PostgreSQL out of reach: pages answer the GOV.UK 503 page, /healthz says 503, and the same
gunicorn process serves again by itself once the database is back (no restart)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.faults.tcp_proxy import TcpProxy
from tests.fresh_process import ROOT
from tests.workers import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite is a file in the web process: it has no server to lose.",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, cookie: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - local
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    except urllib.error.URLError:
        return 0, {}, ""  # not listening yet


def _gunicorn(port: int, database_port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{database_port}/{db['NAME']}",
        "REDIS_URL": "",
        "DJANGO_CACHE": "locmem",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    log = open(f"/tmp/gunicorn-fault-{os.getpid()}.log", "w")  # noqa: SIM115, S108
    return subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_the_site_answers_503_while_the_database_is_away_and_recovers_by_itself(client):
    user = UserFactory()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432))
    proxy.restore()
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    web = _gunicorn(port, proxy.port)
    try:
        wait_until(lambda: _get(f"{site}/healthz")[0] == 200, timeout=90, what="gunicorn")
        assert _get(f"{site}/", cookie)[0] == 200

        proxy.cut()
        status, headers, body = _get(f"{site}/", cookie)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Sorry, the service is unavailable" in body
        status, _, body = _get(f"{site}/healthz")
        assert status == 503
        assert '"database": "unavailable"' in body

        proxy.restore()
        started = time.monotonic()
        wait_until(lambda: _get(f"{site}/healthz")[0] == 200, timeout=30, what="recovery")
        assert time.monotonic() - started < 10
        status, _, body = _get(f"{site}/", cookie)
        assert status == 200
        assert web.poll() is None, "gunicorn restarted or stopped"
    finally:
        web.terminate()
        web.wait(timeout=30)
        proxy.cut()
