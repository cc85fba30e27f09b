"""Demo data for `make run` and benchmarks: deterministic for a seed, and safe to load twice.

Every generated person has a stable email (`mentee0001@example.org`, `mentor0001@example.org`).
The package is split by what it seeds: `words` (word banks), `people` (one generated person),
`profiles` (mentees, their requests and mentors, in bulk), `history` (what became of each
request over the scheme's last year), `records` (its matches, sessions, feedback and audit
events, dated by that history), `matches` (the two put together, and the demo pair),
`sign_ins` (the published demo accounts) and `seed` (`seed_demo`, which runs them in order).
"""

from mentoring.demo.people import mentee_email, mentor_email
from mentoring.demo.result import SeedResult
from mentoring.demo.seed import seed_demo
from mentoring.demo.sign_ins import (
    DEMO_COORDINATOR,
    DEMO_MENTEE,
    DEMO_MENTOR,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
)

__all__ = [
    "DEMO_COORDINATOR",
    "DEMO_MENTEE",
    "DEMO_MENTOR",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET",
    "SeedResult",
    "mentee_email",
    "mentor_email",
    "seed_demo",
]
