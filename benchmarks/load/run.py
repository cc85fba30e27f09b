"""Load test stages: `python -m benchmarks.load.run [--host URL] [--seconds 60]`.

Runs `locustfile.py` headless against a running production profile (`make prod-like`, loopback
only) at 10, 50 and 100 concurrent people, each stage bounded in time and in requests and
stopping by itself, then prints requests per second, median, 95th and 99th percentile latency
and errors per stage, and the targets: no errors, p95 under 300 ms at 50 people and under
800 ms at 100.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).parent
TARGETS_P95_MS = {50: 300, 100: 800}


def _stage(host: str, users: int, seconds: int, folder: Path) -> dict:
    prefix = folder / f"users{users}"
    env = {**os.environ, "LOAD_MAX_REQUESTS": str(users * seconds * 2)}
    subprocess.run(  # noqa: S603  (our own locust file, arguments built here)
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 5, 1)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--exit-code-on-error",
            "0",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    by_name = {
        name: {"median_ms": int(float(row["50%"])), "p95_ms": int(float(row["95%"]))}
        for name, row in rows.items()
        if name != "Aggregated"
    }
    return {
        "users": users,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "median_ms": int(float(total["50%"])),
        "p95_ms": int(float(total["95%"])),
        "p99_ms": int(float(total["99%"])),
        "pages": by_name,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8080")
    parser.add_argument("--seconds", type=int, default=60, help="length of each stage")
    parser.add_argument("--users", default="10,50,100", help="people per stage, comma separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if urlparse(args.host).hostname not in {"127.0.0.1", "localhost"}:
        parser.error("the load test runs on loopback only")
    with tempfile.TemporaryDirectory() as folder:
        stages = [
            _stage(args.host, int(users), args.seconds, Path(folder))
            for users in args.users.split(",")
        ]
    if args.json:
        print(json.dumps(stages))
        return
    heading = ("people", "requests", "errors", "req/s", "median", "p95", "p99")
    widths = (6, 8, 6, 6, 7, 6, 6)
    print(" ".join(f"{word:>{width}}" for word, width in zip(heading, widths, strict=True)))
    for stage in stages:
        target = TARGETS_P95_MS.get(stage["users"])
        verdict = (
            ""
            if target is None
            else (
                f"  target p95 < {target} ms, no errors: "
                + ("met" if stage["p95_ms"] < target and not stage["errors"] else "MISSED")
            )
        )
        print(
            f"{stage['users']:>6} {stage['requests']:>8} {stage['errors']:>6} "
            f"{stage['requests_per_second']:>6} {stage['median_ms']:>5}ms {stage['p95_ms']:>4}ms "
            f"{stage['p99_ms']:>4}ms{verdict}"
        )
    slowest = max(stages, key=lambda stage: stage["users"])
    print(f"\nSlowest pages at {slowest['users']} people (p95):")
    for name, figures in sorted(slowest["pages"].items(), key=lambda item: -item[1]["p95_ms"])[:8]:
        print(f"  {name:<28} median {figures['median_ms']:>5} ms, p95 {figures['p95_ms']:>5} ms")


if __name__ == "__main__":
    main()
