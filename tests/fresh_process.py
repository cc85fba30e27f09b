"""Run Django in a new interpreter, for what one test process cannot show: settings read at
start-up, a database that is not there, limits shared between processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_in_fresh_process(
    args: list[str], *, env: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess:
    """Our own interpreter with ``args`` (``-c``/``-m``/a script), in the project folder."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def page_in_fresh_process(path: str, env_overrides: dict[str, str], *, cookie: str = "") -> dict:
    """GET ``path`` through Django's test client in a new process with test settings.

    Returns the status, the Retry-After header and the body as text.
    """
    script = (
        "import django, json\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        f"c.cookies['sessionid'] = {cookie!r}\n"
        f"r = c.get({path!r})\n"
        "print(json.dumps({'status': r.status_code, 'retry': r.get('Retry-After'),"
        " 'body': r.content.decode()}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env_overrides}
    result = python_in_fresh_process(["-c", script], env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
