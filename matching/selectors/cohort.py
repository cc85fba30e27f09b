"""The whole cohort's best assignment, computed from the database but saved nowhere.

`matching.services.runs.run_execute` saves it on a run as a draft; `match_cohort --dry-run` only
prints it.
"""

import time
from dataclasses import dataclass

from matching.engine import MatchingEngine
from matching.index import matching_weights
from matching.selectors.engine_input import (
    complete_mentors,
    engine_mentor,
    engine_request,
    forbidden_by_mentee,
    open_requests,
    places_free_by_mentor,
)
from mentoring.models import Shortlist


@dataclass
class CohortResult:
    """A computed assignment, saved on a run or only printed (a dry run)."""

    requests: int
    mentors: int
    pairs: list[tuple[int, int, float, dict]]  # request id, mentor id, score, explanation
    unmatched: list[tuple[int, str]]
    total: float
    lowest: float
    certified: bool
    timings: dict[str, float]


def cohort_compute(*, fairness: bool = False, k: int | None = None, progress=None) -> CohortResult:
    """Assign every open request at once: maximum total score within capacities and rules."""
    say = progress or (lambda percent, message: None)
    started = time.perf_counter()
    say(5, "Reading open requests and mentors")
    # A request whose mentee is choosing from a shortlist is not the run's to assign.
    requests = list(open_requests().exclude(shortlists__status=Shortlist.Status.OFFERED))
    places = places_free_by_mentor()
    mentors = [engine_mentor(m, capacity=places.get(m.pk, 0)) for m in complete_mentors()]
    forbidden_mentors = forbidden_by_mentee()
    profiles = [engine_request(r) for r in requests]
    forbidden = [
        (r.pk, mentor_id) for r in requests for mentor_id in forbidden_mentors.get(r.mentee_id, ())
    ]
    read_s = time.perf_counter() - started
    available = sum(1 for m in mentors if m.capacity > 0)
    if not requests or not mentors:
        reason = "no mentors yet" if not mentors else ""
        return CohortResult(
            requests=len(requests),
            mentors=available,
            pairs=[],
            unmatched=[(r.pk, reason or "no eligible mentor") for r in requests],
            total=0.0,
            lowest=0.0,
            certified=True,
            timings={"read": read_s},
        )
    say(25, "Building the index")
    engine = MatchingEngine(weights=matching_weights()).fit(mentors, mentees=profiles)
    say(50, "Finding the best assignment")
    assignment = engine.assign(profiles, k=k, fairness=fairness, forbidden=forbidden)
    say(85, "Explaining each pair")
    by_id = {p.id: p for p in profiles}
    pairs = [
        (mentee_id, mentor_id, score, engine.explain(by_id[mentee_id], mentor_id).explanation)
        for mentee_id, mentor_id, score in assignment.pairs
    ]
    return CohortResult(
        requests=len(requests),
        mentors=available,
        pairs=[(r, m, s, e.to_dict()) for r, m, s, e in pairs],
        unmatched=list(assignment.unmatched),
        total=assignment.total,
        lowest=assignment.lowest,
        certified=assignment.certified,
        timings={"read": read_s, **assignment.timings},
    )
