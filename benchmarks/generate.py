"""Deterministic synthetic mentee and mentor profiles for the matching benchmarks.

Uses the programme's real taxonomies (sectors, stages, needs, regions) and builds free text from
phrase banks: mentees write goals, mentors write bios. Health is the largest sector and a minority
of broad, experienced mentors attract many mentees, so scores compete for the same mentors.
"""

from __future__ import annotations

import numpy as np

from matching.engine import Profile

SECTORS = [
    "Health and social care",
    "Education, youth and children's services",
    "Culture, media and libraries",
    "Employment and skills",
    "Housing",
    "Sports and leisure",
    "Other public services",
]
SECTOR_SHARE = [0.34, 0.14, 0.1, 0.1, 0.11, 0.09, 0.12]
STAGES = [
    "Exploring the mutual model",
    "Preparing to spin out",
    "Spun out in the last 2 years",
    "Established (2+ years) and growing",
]
NEEDS = [
    "business planning",
    "governance and board",
    "choosing a legal form",
    "TUPE and HR",
    "pensions (Fair Deal, NHS pension)",
    "finance and investment",
    "bidding, contracts and commissioning",
    "leadership and culture",
    "employee ownership and engagement",
    "partnerships and growth",
    "marketing and communications",
    "digital and data",
    "measuring social impact",
    "property and assets",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Anywhere (remote)",
]

# Service lines per sector: the specific detail a good match shares.
SERVICES = {
    SECTORS[0]: [
        "community nursing",
        "district nursing",
        "podiatry",
        "dental services",
        "mental health services",
        "health visiting",
        "physiotherapy",
        "sexual health clinics",
        "adult social care",
        "home care",
        "speech therapy",
    ],
    SECTORS[1]: [
        "school improvement",
        "special educational needs",
        "youth work",
        "early years",
        "school meals",
        "careers advice",
        "children's centres",
        "outdoor education",
    ],
    SECTORS[2]: [
        "public libraries",
        "museums",
        "archives",
        "arts centres",
        "heritage sites",
        "community radio",
        "theatre",
    ],
    SECTORS[3]: [
        "adult learning",
        "apprenticeships",
        "back to work support",
        "skills training",
        "supported employment",
        "further education",
    ],
    SECTORS[4]: [
        "tenant services",
        "housing repairs",
        "homelessness support",
        "supported housing",
        "estate management",
    ],
    SECTORS[5]: [
        "leisure centres",
        "swimming pools",
        "parks and green spaces",
        "community sport",
        "golf courses",
    ],
    SECTORS[6]: [
        "waste collection",
        "highways maintenance",
        "legal services",
        "payroll services",
        "school catering",
        "building control",
        "pest control",
    ],
}

GOALS = {
    NEEDS[0]: [
        "write a realistic business plan for the first three years",
        "test our business case before we spin out",
        "build a five year business plan",
    ],
    NEEDS[1]: [
        "recruit independent board members",
        "set up a shadow board",
        "strengthen board governance and recruit a chair",
        "board recruitment",
    ],
    NEEDS[2]: [
        "choose between a community interest company and a cooperative",
        "decide on the right legal form",
        "understand community benefit society rules",
    ],
    NEEDS[3]: [
        "manage the TUPE transfer of our staff",
        "consult the unions about TUPE",
        "harmonise terms and conditions after transfer",
    ],
    NEEDS[4]: [
        "keep access to the NHS pension scheme",
        "understand Fair Deal pension protection",
        "get admitted body status for the local government pension scheme",
    ],
    NEEDS[5]: [
        "raise social investment",
        "manage cash flow in the first year",
        "get a loan for working capital",
        "set up financial reporting",
    ],
    NEEDS[6]: [
        "win our first competitive tender",
        "renegotiate the contract with commissioners",
        "bid for new contracts",
        "prepare for recommissioning",
    ],
    NEEDS[7]: [
        "change the culture from council department to social enterprise",
        "develop our senior leadership team",
        "lead staff through change",
    ],
    NEEDS[8]: [
        "engage staff as owners",
        "set up an employee council",
        "give staff a real voice in decisions",
        "employee ownership",
    ],
    NEEDS[9]: [
        "find partners for joint bids",
        "grow into neighbouring areas",
        "merge with another mutual",
        "diversify our income",
    ],
    NEEDS[10]: [
        "rebrand after spinning out",
        "tell our story to commissioners",
        "build a website and social media presence",
    ],
    NEEDS[11]: [
        "replace council IT systems",
        "use data to show outcomes",
        "move to cloud systems",
        "improve our client records system",
    ],
    NEEDS[12]: [
        "measure our social impact",
        "report social value to commissioners",
        "build an outcomes framework",
    ],
    NEEDS[13]: [
        "take on the lease of our buildings",
        "community asset transfer of the centre",
        "manage the estate we inherited",
    ],
}

BIOS = {
    NEEDS[0]: [
        "wrote the business plan for our spin out",
        "business planning and strategy",
        "built five year financial and business plans",
    ],
    NEEDS[1]: [
        "chair of a mutual board",
        "recruited independent board members",
        "board governance and company secretary experience",
    ],
    NEEDS[2]: [
        "advised on legal forms including community interest companies and cooperatives",
        "set up a community benefit society",
        "solicitor specialising in social enterprise",
    ],
    NEEDS[3]: [
        "led the TUPE transfer of 400 staff",
        "HR director with TUPE experience",
        "negotiated with unions on staff transfer and terms and conditions",
    ],
    NEEDS[4]: [
        "secured NHS pension access under Fair Deal",
        "pensions adviser for public sector transfers",
        "negotiated admitted body status in the local government pension",
    ],
    NEEDS[5]: [
        "finance director",
        "raised social investment and loans",
        "managed cash flow through the first years of trading",
    ],
    NEEDS[6]: [
        "won competitive tenders against large providers",
        "former commissioner",
        "bid writing and contract negotiation with commissioners",
    ],
    NEEDS[7]: [
        "chief executive who led culture change",
        "leadership coaching",
        "led staff from a council department to an independent social enterprise",
    ],
    NEEDS[8]: [
        "set up an employee council",
        "employee ownership and staff engagement",
        "made staff owners of the business",
    ],
    NEEDS[9]: [
        "grew the mutual into new areas",
        "built partnerships and joint ventures",
        "led a merger of two mutuals",
        "diversified income",
    ],
    NEEDS[10]: [
        "marketing and communications lead",
        "rebranded a spun out service",
        "built our website and social media presence",
    ],
    NEEDS[11]: [
        "moved services to cloud systems",
        "data and outcomes reporting",
        "replaced legacy IT systems after spinning out",
    ],
    NEEDS[12]: [
        "social impact measurement",
        "built an outcomes framework",
        "reported social value to commissioners",
    ],
    NEEDS[13]: [
        "took on a community asset transfer",
        "property and estates management",
        "negotiated leases on buildings",
    ],
}

MENTEE_OPENINGS = [
    "We run {s}.",
    "Our team provides {s} in the area.",
    "We are a group of staff delivering {s}.",
    "I manage {s} for the council.",
]
MENTOR_OPENINGS = [
    "I spent ten years running {s}.",
    "Former manager of {s}.",
    "I led the spin out of {s}.",
    "Background in {s} and public services.",
]
FILLER = [
    "We want to get this right.",
    "Any advice is welcome.",
    "Time is short.",
    "I have mentored several leaders.",
    "Happy to share what worked and what did not.",
]


def _pick(rng: np.random.Generator, items, size: int, p=None) -> list:
    idx = rng.choice(len(items), size=min(size, len(items)), replace=False, p=p)
    return [items[i] for i in sorted(idx)]


def _mentee(rng: np.random.Generator, pid: int, orgs: list[str]) -> tuple[Profile, str]:
    sector = _pick(rng, SECTORS, 1, SECTOR_SHARE)[0]
    service = _pick(rng, SERVICES[sector], 1)[0]
    needs = _pick(rng, NEEDS, int(rng.integers(2, 5)))
    sentences = [MENTEE_OPENINGS[rng.integers(len(MENTEE_OPENINGS))].format(s=service)]
    sentences += [f"We need to {_pick(rng, GOALS[n], 1)[0]}." for n in needs]
    if rng.random() < 0.5:
        sentences.append(FILLER[rng.integers(3)])
    profile = Profile(
        id=pid,
        sectors=[sector],
        stages=_pick(rng, STAGES, 1, [0.2, 0.35, 0.3, 0.15]),
        needs=needs,
        text=" ".join(sentences),
        organisation=orgs[rng.integers(len(orgs))],
        region=REGIONS[rng.integers(len(REGIONS))],
        remote=bool(rng.random() < 0.7),
    )
    return profile, service


def _mentor(
    rng: np.random.Generator,
    pid: int,
    orgs: list[str],
    like: Profile | None = None,
    service: str | None = None,
) -> Profile:
    broad = rng.random() < 0.1  # a few experienced generalists everyone wants
    if like is not None:
        sectors = list(like.sectors)
        stages = list(like.stages) if rng.random() < 0.7 else _pick(rng, STAGES, 1)
        shared = _pick(rng, list(like.needs), max(1, len(like.needs) - 1))
        needs = sorted(set(shared) | set(_pick(rng, NEEDS, int(rng.integers(0, 3)))))
    else:
        sectors = _pick(rng, SECTORS, 3 if broad else int(rng.integers(1, 3)), SECTOR_SHARE)
        stages = _pick(rng, STAGES, 3 if broad else int(rng.integers(1, 3)))
        needs = _pick(rng, NEEDS, 7 if broad else int(rng.integers(2, 6)))
        service = _pick(rng, SERVICES[sectors[0]], 1)[0]
    sentences = [MENTOR_OPENINGS[rng.integers(len(MENTOR_OPENINGS))].format(s=service)]
    sentences += [_pick(rng, BIOS[n], 1)[0].capitalize() + "." for n in needs]
    sentences.append(FILLER[3 + rng.integers(2)])
    return Profile(
        id=pid,
        sectors=sectors,
        stages=stages,
        needs=needs,
        text=" ".join(sentences),
        organisation=orgs[rng.integers(len(orgs))],
        region=REGIONS[rng.integers(len(REGIONS))],
        remote=bool(rng.random() < 0.8),
        capacity=int(rng.integers(1, 4)),
    )


def _organisations(rng: np.random.Generator, count: int) -> list[str]:
    kinds = ["Mutual", "CIC", "Community Interest Company", "Cooperative", "Trust"]
    names = [f"{kinds[i % len(kinds)]} {i}" for i in range(max(1, count))]
    # Blank organisations never conflict; some people leave it empty.
    return names + [""] * max(1, count // 5)


def profiles(n_mentors: int, n_mentees: int, seed: int = 0) -> tuple[list[Profile], list[Profile]]:
    """(mentors, mentees); mentor ids from 1, mentee ids from 1_000_000."""
    rng = np.random.default_rng(seed)
    orgs = _organisations(rng, (n_mentors + n_mentees) // 4)
    mentors = [_mentor(rng, 1 + i, orgs) for i in range(n_mentors)]
    mentees = [_mentee(rng, 1_000_000 + i, orgs)[0] for i in range(n_mentees)]
    return mentors, mentees


def planted(
    n_mentors: int, n_mentees: int, seed: int = 0
) -> tuple[list[Profile], list[Profile], dict[int, int]]:
    """Profiles where each mentee has one mentor written to suit them (its "planted" best).

    Returns (mentors, mentees, mentee id -> planted mentor id). Planted mentors share the
    mentee's sector, service line and most needs, but phrase them as a mentor would.
    """
    rng = np.random.default_rng(seed)
    orgs = _organisations(rng, n_mentors + n_mentees)
    mentees, best, mentors = [], {}, []
    for i in range(n_mentees):
        mentee, service = _mentee(rng, 1_000_000 + i, orgs)
        mentees.append(mentee)
        mentor = _mentor(rng, 500_000 + i, orgs, like=mentee, service=service)
        mentors.append(mentor)
        best[mentee.id] = mentor.id
    mentors += [_mentor(rng, 1 + i, orgs) for i in range(n_mentors)]
    return mentors, mentees, best


def with_capacity(mentors: list[Profile], capacity: int | None, seed: int = 0) -> list[Profile]:
    """Same mentors with a fixed capacity, or random 1-3 when ``capacity`` is None."""
    rng = np.random.default_rng(seed)
    out = []
    for m in mentors:
        cap = capacity if capacity is not None else int(rng.integers(1, 4))
        out.append(Profile(**{**m.__dict__, "capacity": cap}))
    return out
