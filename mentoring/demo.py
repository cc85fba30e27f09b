"""Demo data for `make run` and benchmarks: deterministic for a seed, and safe to load twice.

Every generated person has a stable email (`mentee0001@example.org`, `mentor0001@example.org`)
and their answers come from a random generator seeded with (seed, role, number), so person 17
is the same whatever the totals, and a second run finds everyone and creates nothing. Rows are
written with bulk_create (users, email addresses, profiles, many-to-many rows) so tens of
thousands of profiles load in seconds on SQLite.

Proportions follow published figures about public service mutuals: over half are community
interest companies (82% in health and social care, the largest sector), then education and
youth services, culture and libraries, employment and skills, housing, sports and leisure.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.services import coordinator_ensure, totp_activate_with_secret, user_create_verified
from mentoring.models import (
    AuditEvent,
    Feedback,
    LegalForm,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    Region,
    Sector,
    SessionLog,
    Stage,
)
from mentoring.services.profiles import (
    mentee_profile_complete,
    mentee_profile_update,
    mentor_profile_complete,
    mentor_profile_update,
)

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published demo sign-in, DEBUG or opt-in only
DEMO_COORDINATOR = "coordinator@demo.test"
DEMO_MENTEE = "mentee@demo.test"
DEMO_MENTOR = "mentor@demo.test"
# Published on purpose: add it to an authenticator app to sign in as the demo coordinator.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
EMAIL_DOMAIN = "example.org"
# Completion dates are spread over the year before this day, so a seed always gives the same.
_EPOCH = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{count} {name}" for name, count in self.created.items() if count]
        return "Demo data ready: " + (", ".join(parts) if parts else "nothing new to create") + "."

    def account_lines(self) -> list[str]:
        return [f"{email:<28} {role}" for email, role in self.accounts]


def mentee_email(number: int) -> str:
    return f"mentee{number:04d}@{EMAIL_DOMAIN}"


def mentor_email(number: int) -> str:
    return f"mentor{number:04d}@{EMAIL_DOMAIN}"


# Word banks ----------------------------------------------------------------------------------

FIRST_NAMES = (
    "Aisha Alex Amir Amy Ben Bethan Carl Chloe Dan Deborah Dev Eleanor Emma Fatima Gareth Grace "
    "Hannah Harpreet Imran Isla Jack James Jo Kate Kwame Laura Leah Liam Lucy Maria Mark Megan "
    "Mohammed Naomi Neil Nia Olu Owen Priya Rachel Raj Rebecca Rhys Rosie Ruth Sam Sarah Sean "
    "Simon Sophie Tom Una Vikram Will Yasmin Zoe"
).split()
LAST_NAMES = (
    "Ahmed Ali Bailey Baker Begum Bennett Brown Campbell Chen Clarke Cooper Davies Edwards Evans "
    "Fisher Green Hall Harris Hughes Hussain Jackson James Jones Khan Kaur Lewis Mensah Mitchell "
    "Morgan Morris Murphy Okafor Owen Patel Phillips Price Roberts Robinson Shah Singh Smith "
    "Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Young"
).split()
PLACES = (
    "Northfield Riverside Eastbrook Westmoor Ashdown Kingsmead Millbrook Oakwood Fairhaven "
    "Brookside Hillcrest Stonebridge Greenway Harbourside Elmfield Thornbury Castlegate "
    "Meadowbank Fernhill Larkhill Redbridge Sandford Whitecliff Bramley Ravensworth Hollins "
    "Calderdale Wyvern Pennine Tamar Severn Medway Cheviot Mendip Trent Humber Solent Marsden"
).split()

# (slug, weight %) — health and social care is the largest sector.
SECTOR_WEIGHTS = [
    ("health-and-social-care", 40),
    ("education-youth-and-childrens-services", 16),
    ("culture-media-and-libraries", 13),
    ("employment-and-skills", 9),
    ("housing", 8),
    ("sports-and-leisure", 8),
    ("other-public-services", 6),
]
SECTOR_NOUNS = {
    "health-and-social-care": [
        "Community Health",
        "Care Partnership",
        "Healthcare",
        "Community Nursing",
        "Therapies",
        "Adult Social Care",
        "Wellbeing Services",
    ],
    "education-youth-and-childrens-services": [
        "Youth Services",
        "Children's Services",
        "Learning Partnership",
        "Family Support",
        "Young People's Trust",
    ],
    "culture-media-and-libraries": [
        "Libraries",
        "Arts and Heritage",
        "Museums",
        "Culture",
        "Libraries and Archives",
    ],
    "employment-and-skills": ["Employment Support", "Skills", "Careers", "Adult Learning"],
    "housing": ["Housing", "Homes", "Tenant Services", "Housing Support"],
    "sports-and-leisure": ["Leisure", "Sport and Leisure", "Active Communities", "Pools"],
    "other-public-services": ["Community Services", "Environmental Services", "Transport"],
}
LEGAL_SUFFIX = {
    "community-interest-company": "CIC",
    "charity": "Trust",
    "community-benefit-society": "Society",
    "co-operative": "Co-operative",
    "company-limited-by-guarantee": "Ltd",
    "company-limited-by-shares": "Ltd",
    "other": "",
}
# Non-CIC legal forms, weighted; a CIC is chosen first with a sector-dependent chance.
OTHER_LEGAL_FORMS = [
    ("charity", 26),
    ("community-benefit-society", 22),
    ("company-limited-by-guarantee", 20),
    ("co-operative", 12),
    ("company-limited-by-shares", 12),
    ("other", 8),
]
CIC_SHARE = {"health-and-social-care": 0.82}
CIC_SHARE_ELSEWHERE = 0.40
STAGE_WEIGHTS = [
    ("exploring-the-mutual-model", 15),
    ("preparing-to-spin-out", 25),
    ("spun-out-in-the-last-2-years", 25),
    ("established-2-years-and-growing", 35),
]
REGION_WEIGHTS = [
    ("north-east", 7),
    ("north-west", 15),
    ("yorkshire-and-the-humber", 11),
    ("east-midlands", 8),
    ("west-midlands", 10),
    ("east-of-england", 9),
    ("london", 13),
    ("south-east", 12),
    ("south-west", 10),
    ("anywhere-remote", 5),
]
NEEDS_BY_STAGE = {
    "exploring-the-mutual-model": [
        "business-planning",
        "choosing-a-legal-form",
        "employee-ownership-and-engagement",
        "leadership-and-culture",
        "governance-and-board",
    ],
    "preparing-to-spin-out": [
        "business-planning",
        "tupe-and-hr",
        "pensions-fair-deal-nhs-pension",
        "choosing-a-legal-form",
        "governance-and-board",
        "property-and-assets",
        "finance-and-investment",
    ],
    "spun-out-in-the-last-2-years": [
        "governance-and-board",
        "finance-and-investment",
        "bidding-contracts-and-commissioning",
        "leadership-and-culture",
        "digital-and-data",
        "employee-ownership-and-engagement",
    ],
    "established-2-years-and-growing": [
        "bidding-contracts-and-commissioning",
        "partnerships-and-growth",
        "measuring-social-impact",
        "marketing-and-communications",
        "digital-and-data",
        "finance-and-investment",
    ],
}
GOAL_OPENINGS = {
    "exploring-the-mutual-model": [
        "Our team is weighing up whether to leave the council and run the service as a mutual.",
        "We have been asked to look at the mutual model and need to understand what it involves.",
        "Staff are keen on a mutual, but we have not yet made the case to our commissioners.",
    ],
    "preparing-to-spin-out": [
        "We have agreement in principle to spin out and are writing our business plan.",
        "Our board has approved the spin-out and we transfer staff next year.",
        "We are about six months from leaving the NHS trust and there is a lot still to do.",
    ],
    "spun-out-in-the-last-2-years": [
        "We spun out last year and are still finding our feet as an independent organisation.",
        "We have been trading for just over a year and the first contract renewal is coming up.",
        "Since we left the council we have had to build finance and HR from scratch.",
    ],
    "established-2-years-and-growing": [
        "We are an established mutual looking to grow beyond our first contract.",
        "After several years of trading we want to win work from new commissioners.",
        "We are doing well, but need to show our social value more clearly to keep growing.",
    ],
}
NEED_PHRASES = {
    "business-planning": "test our business plan with someone who has been through it",
    "governance-and-board": "set up a board that can challenge us and recruit independent members",
    "choosing-a-legal-form": "choose the right legal form and understand what each one means",
    "tupe-and-hr": "plan the TUPE transfer and keep staff with us through it",
    "pensions-fair-deal-nhs-pension": "understand our pension options under Fair Deal",
    "finance-and-investment": "get on top of cash flow and find out about social investment",
    "bidding-contracts-and-commissioning": "write stronger bids and talk to commissioners",
    "leadership-and-culture": "move from a public sector culture to a more enterprising one",
    "employee-ownership-and-engagement": "give staff a real voice and make ownership mean "
    "something",
    "partnerships-and-growth": "find partners and grow without losing what makes us different",
    "marketing-and-communications": "tell our story to the people who pay for our services",
    "digital-and-data": "replace the systems we used to borrow from the council",
    "measuring-social-impact": "measure our social impact in a way commissioners trust",
    "property-and-assets": "decide whether to lease or buy the buildings we work from",
}
GOAL_CLOSINGS = [
    "A mentor who has done this before would save us a lot of time.",
    "We would value an honest sounding board outside the organisation.",
    "Ideally we would meet once a month for six months.",
    "Someone who knows our sector would be a great help.",
    "",
]

# Mentor careers: headline, roles, the areas they help with, the sectors they know.
CAREERS = [
    {
        "headline": "Former NHS community trust director who led a spin-out",
        "roles": "Director of community services, NHS trust\nChief executive, community health CIC",
        "expertise": [
            "business-planning",
            "tupe-and-hr",
            "pensions-fair-deal-nhs-pension",
            "governance-and-board",
        ],
        "sectors": ["health-and-social-care"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["Community Health Partnership", "Health Advisory"],
    },
    {
        "headline": "Social enterprise chief executive",
        "roles": "Chief executive, social enterprise\nTrustee, local charity",
        "expertise": [
            "leadership-and-culture",
            "partnerships-and-growth",
            "finance-and-investment",
        ],
        "sectors": ["health-and-social-care", "employment-and-skills", "housing"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Social Enterprise Network", "Community Ventures"],
    },
    {
        "headline": "Co-operative lawyer who has set up dozens of mutuals",
        "roles": "Partner, law firm specialising in co-operatives and social enterprises",
        "expertise": [
            "choosing-a-legal-form",
            "governance-and-board",
            "employee-ownership-and-engagement",
        ],
        "sectors": ["health-and-social-care", "culture-media-and-libraries", "sports-and-leisure"],
        "stages": ["exploring-the-mutual-model", "preparing-to-spin-out"],
        "orgs": ["Co-operative Law LLP", "Mutual Legal Services"],
    },
    {
        "headline": "HR director who has run several TUPE transfers",
        "roles": "HR director, county council\nHead of people, leisure trust",
        "expertise": ["tupe-and-hr", "pensions-fair-deal-nhs-pension", "leadership-and-culture"],
        "sectors": ["sports-and-leisure", "education-youth-and-childrens-services"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["People Matters Consulting", "County Council"],
    },
    {
        "headline": "Pensions adviser specialising in public service transfers",
        "roles": "Pensions consultant\nFormer local government pension fund manager",
        "expertise": ["pensions-fair-deal-nhs-pension", "finance-and-investment"],
        "sectors": ["health-and-social-care", "housing", "other-public-services"],
        "stages": ["preparing-to-spin-out"],
        "orgs": ["Pension Partners", "Actuarial Advisory"],
    },
    {
        "headline": "Finance director with social investment experience",
        "roles": "Finance director, housing association\nInvestment committee member, social "
        "investment fund",
        "expertise": ["finance-and-investment", "business-planning", "property-and-assets"],
        "sectors": ["housing", "employment-and-skills"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Housing Association", "Impact Finance"],
    },
    {
        "headline": "Bid writer who has won public contracts for mutuals",
        "roles": "Head of bids, employee-owned care provider\nFreelance bid writer",
        "expertise": [
            "bidding-contracts-and-commissioning",
            "partnerships-and-growth",
            "marketing-and-communications",
        ],
        "sectors": ["health-and-social-care", "employment-and-skills"],
        "stages": ["established-2-years-and-growing", "spun-out-in-the-last-2-years"],
        "orgs": ["Bid Writing Co-operative", "Tender Support"],
    },
    {
        "headline": "Former council commissioner",
        "roles": "Head of commissioning, metropolitan borough council",
        "expertise": [
            "bidding-contracts-and-commissioning",
            "measuring-social-impact",
            "partnerships-and-growth",
        ],
        "sectors": [
            "education-youth-and-childrens-services",
            "culture-media-and-libraries",
            "sports-and-leisure",
        ],
        "stages": ["exploring-the-mutual-model", "established-2-years-and-growing"],
        "orgs": ["Borough Council", "Commissioning Associates"],
    },
    {
        "headline": "Digital and data leader in the social sector",
        "roles": "Chief digital officer, national charity",
        "expertise": ["digital-and-data", "marketing-and-communications"],
        "sectors": ["culture-media-and-libraries", "education-youth-and-childrens-services"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Digital Social", "National Charity"],
    },
    {
        "headline": "Social impact measurement consultant",
        "roles": "Director, impact consultancy\nFormer evaluation lead, lottery funder",
        "expertise": ["measuring-social-impact", "governance-and-board"],
        "sectors": ["employment-and-skills", "health-and-social-care", "housing"],
        "stages": ["established-2-years-and-growing"],
        "orgs": ["Impact Consulting", "Evaluation Partners"],
    },
    {
        "headline": "Library service head who took the service out of the council",
        "roles": "Chief executive, libraries mutual\nHead of libraries, city council",
        "expertise": ["business-planning", "leadership-and-culture", "property-and-assets"],
        "sectors": ["culture-media-and-libraries"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["Libraries Trust", "City Council"],
    },
]
BIO_OPENINGS = [
    "I have spent most of my career in public services and the social sector.",
    "I have been through a spin-out myself and know how lonely it can feel.",
    "I have worked alongside many new mutuals as an adviser and board member.",
    "I started in the public sector and moved into social enterprise fifteen years ago.",
]
BIO_MIDDLES = [
    "I am happy to be a sounding board, to read drafts and to challenge plans kindly.",
    "I like practical problems: the next contract, the board paper, the staff briefing.",
    "I enjoy helping leaders find their own answers rather than giving them mine.",
    "I can introduce you to people who have solved the same problem.",
]
BIO_CLOSINGS = [
    "I usually meet by video once a month.",
    "I prefer to meet in person when I can, and by phone in between.",
    "I am happy to work around your diary.",
    "",
]


# Generation ----------------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([key for key, _ in pairs], weights=[w for _, w in pairs])[0]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _staff_count(rng: random.Random) -> int:
    # Log-normal around ~120 staff: most mutuals are small, a few employ over a thousand.
    return max(10, min(1500, round(math.exp(rng.gauss(math.log(120), 1.0)))))


def _mentee_row(seed: int, number: int) -> dict:
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
        "completed_at": _EPOCH - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60)),
    }


def _mentor_row(seed: int, number: int, mentees: int) -> dict:
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
        organisation = _mentee_row(seed, rng.randrange(1, mentees + 1))["organisation_name"]
    elif rng.random() < 0.15:
        organisation = ""  # retired or independent
    else:
        organisation = f"{rng.choice(PLACES)} {rng.choice(career['orgs'])}"
    bio = " ".join(
        part
        for part in (rng.choice(BIO_OPENINGS), rng.choice(BIO_MIDDLES), rng.choice(BIO_CLOSINGS))
        if part
    )
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
        "completed_at": _EPOCH - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60)),
    }


def _by_slug(model) -> dict[str, int]:
    return dict(model.objects.values_list("slug", "pk"))


def _existing_emails(prefix: str) -> set[str]:
    return set(
        User.objects.filter(
            email__startswith=prefix, email__endswith=f"@{EMAIL_DOMAIN}"
        ).values_list("email", flat=True)
    )


def _create_users(rows: list[tuple[str, str]], password_hash: str) -> dict[str, int]:
    """Bulk-create verified users; returns email → user id."""
    users = [User(email=email, full_name=name, password=password_hash) for email, name in rows]
    User.objects.bulk_create(users, batch_size=2000)
    ids = _ids_in_chunks([email for email, _ in rows])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=ids[e], email=e, verified=True, primary=True) for e, _ in rows],
        batch_size=2000,
    )
    return ids


def _ids_in_chunks(emails: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(emails), 5000):
        chunk = emails[start : start + 5000]
        ids.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
    return ids


def _seed_mentees(seed: int, count: int, password_hash: str) -> int:
    existing = _existing_emails("mentee")
    wanted = [n for n in range(1, count + 1) if mentee_email(n) not in existing]
    if not wanted:
        return 0
    rows = {n: _mentee_row(seed, n) for n in wanted}
    ids = _create_users([(mentee_email(n), rows[n]["full_name"]) for n in wanted], password_hash)
    sectors, stages, regions = _by_slug(Sector), _by_slug(Stage), _by_slug(Region)
    legal_forms, needs = _by_slug(LegalForm), _by_slug(Need)
    profiles = [
        MenteeProfile(
            user_id=ids[mentee_email(n)],
            organisation_name=row["organisation_name"],
            legal_form_id=legal_forms[row["legal_form"]],
            sector_id=sectors[row["sector"]],
            stage_id=stages[row["stage"]],
            region_id=regions[row["region"]],
            staff_count=row["staff_count"],
            goals=row["goals"],
            wants_face_to_face=row["wants_face_to_face"],
            consent_to_share=True,
            completed_at=row["completed_at"],
        )
        for n, row in rows.items()
    ]
    MenteeProfile.objects.bulk_create(profiles, batch_size=2000)
    profile_ids = _profile_ids(MenteeProfile, list(ids.values()))
    through = MenteeProfile.needs.through
    through.objects.bulk_create(
        [
            through(menteeprofile_id=profile_ids[ids[mentee_email(n)]], need_id=needs[slug])
            for n, row in rows.items()
            for slug in row["needs"]
        ],
        batch_size=5000,
    )
    _seed_requests(
        {
            profile_ids[ids[mentee_email(n)]]: (ids[mentee_email(n)], row)
            for n, row in rows.items()
            if row["completed_at"] is not None and n % 5 < 3
        },
        needs,
    )
    return len(wanted)


def _seed_requests(mentees: dict[int, tuple[int, dict]], needs: dict[str, int]) -> None:
    """Three in five onboarded demo mentees are waiting for a mentor, so the queue has work."""
    requests = MentoringRequest.objects.bulk_create(
        [
            MentoringRequest(
                mentee_id=profile_id, goals=row["goals"], status_changed_at=row["completed_at"]
            )
            for profile_id, (_, row) in mentees.items()
        ],
        batch_size=2000,
    )
    if requests and requests[0].pk is None:  # backends that do not return ids from bulk inserts
        requests = list(MentoringRequest.objects.filter(mentee_id__in=list(mentees)))
    # Spread the requests over the last five weeks so the queue shows real waiting times; the
    # date comes from the organisation, so it is the same on every run.
    now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    for request in requests:
        row = mentees[request.mentee_id][1]
        rng = random.Random(f"request:{row['organisation_name']}:{row['full_name']}")  # noqa: S311
        request.created_at = now - datetime.timedelta(minutes=rng.randrange(35 * 24 * 60))
        request.status_changed_at = request.created_at
    MentoringRequest.objects.bulk_update(
        requests, ["created_at", "status_changed_at"], batch_size=2000
    )
    through = MentoringRequest.needs.through
    through.objects.bulk_create(
        [
            through(mentoringrequest_id=request.pk, need_id=needs[slug])
            for request in requests
            for slug in mentees[request.mentee_id][1]["needs"]
        ],
        batch_size=5000,
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_id=mentees[request.mentee_id][0],
                verb="request.created",
                request_id=request.pk,
                after={"status": request.status},
                data={"source": "demo data"},
            )
            for request in requests
        ],
        batch_size=2000,
    )


def _profile_ids(model, user_ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(user_ids), 5000):
        chunk = user_ids[start : start + 5000]
        found.update(model.objects.filter(user_id__in=chunk).values_list("user_id", "pk"))
    return found


def _seed_mentors(seed: int, count: int, mentees: int, password_hash: str) -> int:
    existing = _existing_emails("mentor")
    wanted = [n for n in range(1, count + 1) if mentor_email(n) not in existing]
    if not wanted:
        return 0
    rows = {n: _mentor_row(seed, n, mentees) for n in wanted}
    ids = _create_users([(mentor_email(n), rows[n]["full_name"]) for n in wanted], password_hash)
    sectors, stages, regions, needs = (
        _by_slug(Sector),
        _by_slug(Stage),
        _by_slug(Region),
        _by_slug(Need),
    )
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                user_id=ids[mentor_email(n)],
                headline=row["headline"],
                roles=row["roles"],
                organisation=row["organisation"],
                region_id=regions[row["region"]],
                remote_ok=row["remote_ok"],
                capacity=int(row["capacity"]),
                is_paused=row["is_paused"],
                bio=row["bio"],
                completed_at=row["completed_at"],
            )
            for n, row in rows.items()
        ],
        batch_size=2000,
    )
    profile_ids = _profile_ids(MentorProfile, list(ids.values()))
    for relation, key, lookup in (
        (MentorProfile.expertise, "expertise", needs),
        (MentorProfile.sectors, "sectors", sectors),
        (MentorProfile.stages, "stages", stages),
    ):
        through = relation.through
        target = relation.rel.model._meta.model_name + "_id"
        through.objects.bulk_create(
            [
                through(
                    mentorprofile_id=profile_ids[ids[mentor_email(n)]],
                    **{target: lookup[slug]},
                )
                for n, row in rows.items()
                for slug in row[key]
            ],
            batch_size=5000,
        )
    return len(wanted)


# Demo sign-ins -------------------------------------------------------------------------------


def _demo_mentee(result: SeedResult) -> None:
    user = user_create_verified(email=DEMO_MENTEE, password=DEMO_PASSWORD, full_name="Sam Patel")
    if not MenteeProfile.objects.filter(user=user, completed_at__isnull=False).exists():
        mentee_profile_update(
            user=user,
            data={
                "organisation_name": "Riverside Tenant Services CIC",
                "legal_form": LegalForm.objects.get(slug="community-interest-company"),
                "sector": Sector.objects.get(slug="housing"),
                "stage": Stage.objects.get(slug="preparing-to-spin-out"),
                "region": Region.objects.get(slug="north-west"),
                "staff_count": 140,
                "needs": Need.objects.filter(
                    slug__in=["business-planning", "tupe-and-hr", "pensions-fair-deal-nhs-pension"]
                ),
                "goals": "Our housing management team leaves the council next spring. We want "
                "help to test our business plan and to plan the TUPE transfer and pensions.",
                "wants_face_to_face": False,
                "consent_to_share": True,
            },
        )
        mentee_profile_complete(user=user)
        result.created["demo mentee"] = 1
    result.accounts.append((DEMO_MENTEE, "mentee (Sam Patel, housing mutual)"))


def _demo_mentor(result: SeedResult) -> None:
    user = user_create_verified(email=DEMO_MENTOR, password=DEMO_PASSWORD, full_name="Alex Morgan")
    if not MentorProfile.objects.filter(user=user, completed_at__isnull=False).exists():
        mentor_profile_update(
            user=user,
            data={
                "headline": "HR director who has run several TUPE transfers",
                "roles": "HR director, county council\nHead of people, leisure trust",
                "organisation": "Morgan People Consulting",
                "expertise": Need.objects.filter(
                    slug__in=["tupe-and-hr", "pensions-fair-deal-nhs-pension", "business-planning"]
                ),
                "sectors": Sector.objects.filter(slug__in=["housing", "health-and-social-care"]),
                "stages": Stage.objects.filter(slug="preparing-to-spin-out"),
                "region": Region.objects.get(slug="north-west"),
                "remote_ok": True,
                "capacity": 2,
                "bio": "I have moved thousands of staff across under TUPE, twice out of a "
                "council. I am happy to be a sounding board and to read your plans.",
            },
        )
        mentor_profile_complete(user=user)
        result.created["demo mentor"] = 1
    result.accounts.append((DEMO_MENTOR, "mentor (Alex Morgan)"))


def _demo_coordinator(result: SeedResult) -> None:
    existed = User.objects.filter(email=DEMO_COORDINATOR).exists()
    user = user_create_verified(
        email=DEMO_COORDINATOR, password=DEMO_PASSWORD, full_name="Chris Coordinator"
    )
    coordinator_ensure(user=user)
    totp_activate_with_secret(user=user, secret_base32=DEMO_TOTP_SECRET)
    if not existed:
        result.created["coordinator accounts"] = 1
    result.accounts.append((DEMO_COORDINATOR, "scheme coordinator (needs the code below)"))
    result.notes.append(
        f"The demo coordinator signs in with a code from an authenticator app. Add this secret "
        f"to the app (as a time-based key): {DEMO_TOTP_SECRET}"
    )


@transaction.atomic
def seed_demo(*, mentors: int, mentees: int, seed: int, demo_accounts: bool) -> SeedResult:
    result = SeedResult()
    # One hash for everyone: hashing 20,000 passwords would take minutes.
    password_hash = make_password(DEMO_PASSWORD if demo_accounts else None)
    result.created["mentees"] = _seed_mentees(seed, mentees, password_hash)
    result.created["mentors"] = _seed_mentors(seed, mentors, mentees, password_hash)
    result.created["matches"] = _seed_matches(seed)
    if demo_accounts:
        _demo_mentee(result)
        _demo_mentor(result)
        _demo_coordinator(result)
        result.created["demo match"] = _demo_match()
    _date_history()
    return result


def _date_history() -> None:
    """Give the demo's history the dates of the events it records, not the day of seeding.

    Demo rows are written in bulk, so their audit events are stamped "now"; one UPDATE per kind
    of event copies the date from the request or match it describes. Safe to repeat.
    """

    def of_match(name: str):
        return Subquery(Match.objects.filter(pk=OuterRef("match_id")).values(name)[:1])

    def of_request_match(name: str):
        matches = Match.objects.filter(request_id=OuterRef("request_id")).order_by("-pk")
        return Subquery(matches.values(name)[:1])

    demo = AuditEvent.objects.filter(data__source="demo data")
    request_created = MentoringRequest.objects.filter(pk=OuterRef("request_id"))
    demo.filter(verb="request.created").update(
        created_at=Subquery(request_created.values("created_at")[:1])
    )
    for verb, name in (
        ("match.approved", "approved_at"),
        ("match.accepted", "responded_at"),
        ("match.activated", "started_at"),
        ("match.completed", "ended_at"),
    ):
        demo.filter(verb=verb, match__isnull=False).update(created_at=of_match(name))
    for verb, name in (("request.matched", "approved_at"), ("request.closed", "ended_at")):
        demo.filter(verb=verb, match__isnull=True).update(created_at=of_request_match(name))


# Mentoring in progress -----------------------------------------------------------------------

SESSION_NOTES = [
    "Went through the draft business plan section by section; agreed to test the cash flow.",
    "Talked about the TUPE consultation timetable and what to tell staff first.",
    "Discussed recruiting two independent board members and what skills we lack.",
    "Looked at the contract renewal and how to show social value to the commissioner.",
    "Shared how other mutuals handled the pension admission agreement.",
    "",
]
FEEDBACK_COMMENTS = [
    "Practical and honest advice from someone who has done it.",
    "Really useful to have a sounding board outside the organisation.",
    "Good conversations; we found it hard to find time to meet.",
    "Helpful, though more sector knowledge would have helped.",
    "",
]


def _seed_matches(seed: int) -> int:
    """About a quarter of demo mentees are mentoring now and a tenth have finished.

    Only open demo requests without any match are considered, and each mentee's fate comes from a
    generator seeded with (seed, mentee id's email), so a second run creates nothing new. Dates
    are relative to today so the dashboards and reminders look current.
    """
    requests = list(
        MentoringRequest.objects.filter(
            status=MentoringRequest.Status.OPEN,
            matches__isnull=True,
            mentee__user__email__endswith=f"@{EMAIL_DOMAIN}",
        )
        .select_related("mentee__user")
        .prefetch_related("needs")
        .order_by("pk")
    )
    mentors = list(
        MentorProfile.objects.filter(
            user__email__endswith=f"@{EMAIL_DOMAIN}",
            completed_at__isnull=False,
            is_paused=False,
        ).order_by("pk")
    )
    if not requests or not mentors:
        return 0
    now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    free = {m.pk: m.capacity - m.load for m in mentors}
    plans = []
    for request in requests:
        rng = random.Random(f"{seed}:match:{request.mentee.user.email}")  # noqa: S311
        roll = rng.random()
        if roll >= 0.58:  # stays in the queue
            continue
        finished = roll >= 0.42
        mentor = None
        for _ in range(8):
            candidate = mentors[rng.randrange(len(mentors))]
            same_org = candidate.organisation and (
                candidate.organisation.casefold() == request.mentee.organisation_name.casefold()
            )
            if (finished or free[candidate.pk] > 0) and not same_org:
                mentor = candidate
                break
        if mentor is None:
            continue
        if not finished:
            free[mentor.pk] -= 1
        plans.append((request, mentor, finished, rng))
    return _write_matches(plans, now, {m.pk: m for m in mentors}, free)


def _write_matches(plans, now, mentors_by_pk, free) -> int:
    rows, sessions, topics, feedback, audit = [], [], [], [], []
    for request, mentor, finished, rng in plans:
        approved = now - datetime.timedelta(days=rng.randrange(45, 240))
        responded = approved + datetime.timedelta(days=rng.randrange(1, 7))
        request.created_at = approved - datetime.timedelta(days=rng.randrange(2, 21))
        count = rng.randrange(1, 9)
        gap = rng.randrange(7, 28)
        dates = [responded.date() + datetime.timedelta(days=7 + i * gap) for i in range(count)]
        dates = [d for d in dates if d <= now.date()] or [now.date()]
        match = Match(
            request=request,
            mentor=mentor,
            source=Match.Source.SUGGESTION,
            score=round(rng.uniform(0.25, 0.8), 3),
            explanation={"summary": "Suggested by the matching engine for the demo data."},
            approved_at=approved,
            responded_at=responded,
            started_at=datetime.datetime.combine(dates[0], datetime.time(10), tzinfo=datetime.UTC),
            status=Match.Status.ACTIVE,
        )
        if finished:
            match.status = Match.Status.COMPLETED
            match.end_reason = Match.EndReason.GOALS_MET
            match.ended_at = min(
                now, datetime.datetime.combine(dates[-1], datetime.time(17), tzinfo=datetime.UTC)
            )
            match.ended_by = request.mentee.user
        rows.append((match, request, finished, rng, dates))
    Match.objects.bulk_create([row[0] for row in rows], batch_size=2000)
    if rows and rows[0][0].pk is None:
        by_request = dict(
            Match.objects.filter(request__in=[r[1] for r in rows]).values_list("request_id", "pk")
        )
        for match, request, *_ in rows:
            match.pk = by_request[request.pk]
    need_ids = {}
    for match, request, finished, rng, dates in rows:
        mentee_user, mentor_user = request.mentee.user_id, match.mentor.user_id
        need_ids[match.pk] = [n.pk for n in request.needs.all()]
        for index, date in enumerate(dates):
            sessions.append(
                SessionLog(
                    match_id=match.pk,
                    logged_by_id=mentee_user if index % 2 == 0 else mentor_user,
                    date=date,
                    duration_minutes=rng.choice([45, 60, 60, 75, 90]),
                    format=rng.choice(SessionLog.Format.values),
                    notes=rng.choice(SESSION_NOTES),
                )
            )
        stages = [Feedback.Stage.FIRST_SESSION] + ([Feedback.Stage.CLOSE] if finished else [])
        for stage in stages:
            for role, author in (("mentee", mentee_user), ("mentor", mentor_user)):
                if stage == Feedback.Stage.FIRST_SESSION and rng.random() < 0.3:
                    continue  # not everyone answers
                feedback.append(
                    Feedback(
                        match_id=match.pk,
                        author_id=author,
                        author_role=role,
                        stage=stage,
                        rating=rng.choice([3, 4, 4, 5, 5]),
                        comments=rng.choice(FEEDBACK_COMMENTS),
                    )
                )
        steps = [
            (match.proposed_by_id, "match.approved", "proposed", "approved"),
            (None, "request.matched", "open", "matched"),
            (mentor_user, "match.accepted", "approved", "accepted"),
            (mentee_user, "match.activated", "accepted", "active"),
        ]
        if finished:
            steps += [
                (mentee_user, "match.completed", "active", "completed"),
                (mentee_user, "request.closed", "matched", "closed"),
            ]
        for actor, verb, before, after in steps:
            audit.append(
                AuditEvent(
                    actor_id=actor,
                    verb=verb,
                    request_id=request.pk,
                    match_id=match.pk if verb.startswith("match.") else None,
                    before={"status": before},
                    after={"status": after},
                    data={"source": "demo data"},
                )
            )
    SessionLog.objects.bulk_create(sessions, batch_size=2000)
    if sessions and sessions[0].pk is not None:
        through = SessionLog.topics.through
        for session in sessions:
            for need_id in need_ids[session.match_id][:2]:
                topics.append(through(sessionlog_id=session.pk, need_id=need_id))
        through.objects.bulk_create(topics, batch_size=5000)
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    AuditEvent.objects.bulk_create(audit, batch_size=2000)
    for match, request, finished, _rng, _dates in rows:
        request.status = "closed" if finished else "matched"
        request.status_changed_at = match.ended_at if finished else match.approved_at
    MentoringRequest.objects.bulk_update(
        [row[1] for row in rows], ["status", "status_changed_at", "created_at"], batch_size=2000
    )
    changed = [m for pk, m in mentors_by_pk.items() if m.capacity - free[pk] != m.load]
    for mentor in changed:
        mentor.load = mentor.capacity - free[mentor.pk]
    MentorProfile.objects.bulk_update(changed, ["load"], batch_size=2000)
    return len(rows)


def _demo_match() -> int:
    """The demo mentee and mentor are mentoring each other, so both dashboards are full."""
    from mentoring.services.matches import match_accept, match_approve, request_create
    from mentoring.services.progress import session_log_create

    mentee = MenteeProfile.objects.select_related("user").get(user__email=DEMO_MENTEE)
    mentor = MentorProfile.objects.select_related("user").get(user__email=DEMO_MENTOR)
    if Match.objects.filter(request__mentee=mentee, mentor=mentor).exists():
        return 0
    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    request = MentoringRequest.objects.filter(
        mentee=mentee, status=MentoringRequest.Status.OPEN
    ).first() or request_create(
        mentee=mentee,
        needs=mentee.needs.all(),
        goals=mentee.goals,
        actor=mentee.user,
    )
    if mentor.places_free <= 0 or mentor.is_paused:
        return 0
    match = match_approve(
        request=request,
        mentor=mentor,
        coordinator=coordinator,
        explanation={
            "summary": "Both: housing; preparing to spin out; needs: TUPE and HR, pensions."
        },
    )
    match = match_accept(match=match, actor=mentor.user)
    weeks_ago = (6, 4, 2)
    began = timezone.now() - datetime.timedelta(weeks=7)
    Match.objects.filter(pk=match.pk).update(approved_at=began, responded_at=began)
    MentoringRequest.objects.filter(pk=request.pk).update(
        created_at=began - datetime.timedelta(days=9), status_changed_at=began
    )
    # The services wrote this pair's history as it happened today; date it like the rest.
    AuditEvent.objects.filter(request=request, verb="request.created").update(
        created_at=began - datetime.timedelta(days=9)
    )
    AuditEvent.objects.filter(
        request=request, verb__in=["match.approved", "request.matched", "match.accepted"]
    ).update(created_at=began)
    match.refresh_from_db()
    for index, weeks in enumerate(weeks_ago):
        session_log_create(
            match=match,
            actor=mentee.user if index % 2 == 0 else mentor.user,
            date=timezone.localdate() - datetime.timedelta(weeks=weeks),
            duration_minutes=60 + 15 * index,
            format=SessionLog.Format.VIDEO if index else SessionLog.Format.IN_PERSON,
            topics=Need.objects.filter(slug__in=["tupe-and-hr", "business-planning"][: index + 1]),
            notes=SESSION_NOTES[index],
        )
    return 1
