"""One generated mentee or mentor: their answers come from a random generator seeded with
(seed, role, number), so person 17 is the same whatever the totals."""

import datetime
import math
import random

from mentoring.demo.words import (
    BIO_CLOSINGS,
    BIO_MIDDLES,
    BIO_OPENINGS,
    CAREERS,
    CIC_SHARE,
    CIC_SHARE_ELSEWHERE,
    FIRST_NAMES,
    GOAL_CLOSINGS,
    GOAL_OPENINGS,
    LAST_NAMES,
    LEGAL_SUFFIX,
    NEED_PHRASES,
    NEEDS_BY_STAGE,
    OTHER_LEGAL_FORMS,
    PLACES,
    REGION_WEIGHTS,
    SECTOR_NOUNS,
    SECTOR_WEIGHTS,
    STAGE_WEIGHTS,
)

EMAIL_DOMAIN = "example.org"
YEAR_MINUTES = 365 * 24 * 60


def demo_today() -> datetime.datetime:
    """Midnight (UTC) at the start of today: the demo's history is a scheme's last year up to
    this moment, so it looks current whenever it is loaded, and a seed gives the same data all
    day (and never a date in the future)."""
    return datetime.datetime.combine(
        datetime.datetime.now(tz=datetime.UTC).date(), datetime.time.min, tzinfo=datetime.UTC
    )


def _joined(rng: random.Random) -> tuple[datetime.datetime, datetime.datetime]:
    """When a person signed up and when they finished their profile, over the last year; more
    join later in the year, as a scheme grows."""
    finished = demo_today() - datetime.timedelta(
        minutes=round(YEAR_MINUTES * (1 - rng.random() ** 0.8))
    )
    return finished - datetime.timedelta(minutes=rng.randrange(6 * 24 * 60)), finished


def mentee_email(number: int) -> str:
    return f"mentee{number:04d}@{EMAIL_DOMAIN}"


def mentor_email(number: int) -> str:
    return f"mentor{number:04d}@{EMAIL_DOMAIN}"


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([key for key, _ in pairs], weights=[w for _, w in pairs])[0]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _staff_count(rng: random.Random) -> int:
    # Log-normal around ~120 staff: most mutuals are small, a few employ over a thousand.
    return max(10, min(1500, round(math.exp(rng.gauss(math.log(120), 1.0)))))


def mentee_row(seed: int, number: int) -> dict:
    rng = random.Random(f"{seed}:mentee:{number}")  # noqa: S311 - demo data, not secrets
    sector = _weighted(rng, SECTOR_WEIGHTS)
    cic = rng.random() < CIC_SHARE.get(sector, CIC_SHARE_ELSEWHERE)
    legal_form = "community-interest-company" if cic else _weighted(rng, OTHER_LEGAL_FORMS)
    stage = _weighted(rng, STAGE_WEIGHTS)
    pool = NEEDS_BY_STAGE[stage]
    needs = rng.sample(pool, rng.randint(2, min(4, len(pool))))
    suffix = LEGAL_SUFFIX[legal_form]
    organisation = f"{rng.choice(PLACES)} {rng.choice(SECTOR_NOUNS[sector])} {suffix}".strip()
    phrases = [NEED_PHRASES[slug] for slug in needs[:2]]
    goals = " ".join(
        part
        for part in (
            rng.choice(GOAL_OPENINGS[stage]),
            f"We would like help to {phrases[0]}, and to {phrases[1]}.",
            rng.choice(GOAL_CLOSINGS),
        )
        if part
    )
    signed_up, finished = _joined(rng)
    return {
        "full_name": _name(rng),
        "organisation_name": organisation,
        "sector": sector,
        "legal_form": legal_form,
        "stage": stage,
        "region": _weighted(rng, REGION_WEIGHTS),
        "staff_count": _staff_count(rng),
        "needs": needs,
        "goals": goals,
        "wants_face_to_face": rng.random() < 0.35,
        "signed_up_at": signed_up,
        "completed_at": finished,
    }


def mentor_row(seed: int, number: int, mentees: int) -> dict:
    rng = random.Random(f"{seed}:mentor:{number}")  # noqa: S311 - demo data, not secrets
    career = rng.choice(CAREERS)
    all_needs = [slug for slugs in NEEDS_BY_STAGE.values() for slug in slugs]
    expertise = set(career["expertise"])
    if rng.random() < 0.5:
        expertise.add(rng.choice(all_needs))
    sectors = set(career["sectors"])
    if rng.random() < 0.4:
        sectors.add(_weighted(rng, SECTOR_WEIGHTS))
    stages = set(career["stages"])
    if rng.random() < 0.3:
        stages.add(_weighted(rng, STAGE_WEIGHTS))
    if mentees and rng.random() < 0.02:
        # Rarely, a mentor works for a mutual in the data: the conflict-of-interest rule bites.
        organisation = mentee_row(seed, rng.randrange(1, mentees + 1))["organisation_name"]
    elif rng.random() < 0.15:
        organisation = ""  # retired or independent
    else:
        organisation = f"{rng.choice(PLACES)} {rng.choice(career['orgs'])}"
    bio = " ".join(
        part
        for part in (rng.choice(BIO_OPENINGS), rng.choice(BIO_MIDDLES), rng.choice(BIO_CLOSINGS))
        if part
    )
    signed_up, finished = _joined(rng)
    return {
        "full_name": _name(rng),
        "headline": career["headline"],
        "roles": career["roles"],
        "organisation": organisation,
        "expertise": sorted(expertise),
        "sectors": sorted(sectors),
        "stages": sorted(stages),
        "region": _weighted(rng, REGION_WEIGHTS),
        "remote_ok": rng.random() < 0.85,
        "capacity": _weighted(rng, [("1", 40), ("2", 35), ("3", 17), ("4", 5), ("5", 3)]),
        "is_paused": rng.random() < 0.10,
        "bio": bio,
        "signed_up_at": signed_up,
        "completed_at": finished,
    }
