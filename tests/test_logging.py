"""Logs are one JSON object a line, each with the request id, and keep personal data out."""

import json
import logging

import pytest
from django_tasks import task

from config.logging import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Every line logged while the test runs, formatted as production formats it."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_every_response_returns_a_new_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_request_id_from_the_load_balancer_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a.1"})
    assert response["X-Request-ID"] == "lb-7f3a.1"


@pytest.mark.parametrize("offered", ['evil" injected', "a" * 65, "line\nbreak", ""])
def test_an_implausible_request_id_is_replaced(client, offered):
    response = client.get("/", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32


def test_every_line_of_a_request_is_json_with_its_request_id(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 404
    records = [json.loads(line) for line in json_lines]
    assert records, "the request wrote no log line"
    assert {record["request_id"] for record in records} == {"req-123"}
    access = [r for r in records if r["logger"] == "config.requests"]
    assert access == [
        {
            "time": access[0]["time"],
            "level": "INFO",
            "logger": "config.requests",
            "request_id": "req-123",
            "message": "GET unmatched 404",
            "method": "GET",
            "route": "unmatched",
            "status": 404,
            "duration_ms": access[0]["duration_ms"],
        }
    ]
    assert request_id_var.get() == "-", "the id must not leak into the next request"


def test_the_access_line_names_the_route_not_the_path(client, json_lines):
    # A reset link's key is in its path: the logs must not hold a working link.
    client.get("/accounts/password/reset/key/1a-set-password-secret/")
    text = "\n".join(json_lines)
    assert "set-password-secret" not in text
    access = [json.loads(line) for line in json_lines if '"config.requests"' in line]
    assert access[0]["route"].startswith("/accounts/password/reset/key/")


def test_email_addresses_never_reach_the_logs(json_lines):
    logging.getLogger("mentoring.services.emails").warning(
        "Email %s failed: %s", 7, "550 mailbox sam.patel+x@example.org unavailable"
    )
    record = json.loads(json_lines[-1])
    assert "sam.patel" not in json_lines[-1]
    assert record["message"] == "Email 7 failed: 550 mailbox [email address] unavailable"
    assert record["request_id"] == "-"


def test_an_exception_is_logged_on_the_same_json_line(json_lines):
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("tests").exception("It failed")
    assert len(json_lines) == 1
    record = json.loads(json_lines[0])
    assert record["message"] == "It failed"
    assert "ValueError: bad value" in record["exception"]


@task()
def log_something_task() -> None:
    logging.getLogger("tests").info("Working")


def test_a_background_task_logs_with_its_task_id(json_lines):
    result = log_something_task.enqueue()
    logging.getLogger("tests").info("Idle")
    working = [json.loads(line) for line in json_lines if '"Working"' in line]
    idle = [json.loads(line) for line in json_lines if '"Idle"' in line]
    assert working[0]["request_id"] == f"task-{result.id}"
    assert idle[0]["request_id"] == "-"
