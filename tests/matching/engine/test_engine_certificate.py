"""The optimality certificate: shortest-path potentials, scans of left-out pairs, duality proof."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.reference import dual_check, reference_total
from matching.engine import MatchingEngine, Profile
from matching.engine.assignment import Arcs, distances_to, sink_distances, solve_flow
from matching.engine.candidates import CohortProblem, initial_arcs
from matching.engine.cohort import _certify
from tests.matching.engine.test_engine_assignment import cohorts


def _every_arc_bellman_ford(sink, nodes, tails, heads, costs):
    """The textbook version: relax every arc until nothing changes."""
    inf = np.iinfo(np.int64).max // 4
    dist = np.full(nodes, inf, dtype=np.int64)
    dist[sink] = 0
    for _ in range(nodes):
        changed = False
        for t, h, c in zip(tails.tolist(), heads.tolist(), costs.tolist(), strict=True):
            if dist[h] < inf and dist[h] + c < dist[t]:
                dist[t] = dist[h] + c
                changed = True
        if not changed:
            return dist
    raise AssertionError("negative cycle")


@st.composite
def graphs(draw):
    """Arc lists with no negative cycle: costs are non-negative reduced costs of a potential."""
    nodes = draw(st.integers(2, 12))
    arcs = draw(
        st.lists(st.tuples(st.integers(0, nodes - 1), st.integers(0, nodes - 1)), max_size=40)
    )
    potential = draw(st.lists(st.integers(-50, 50), min_size=nodes, max_size=nodes))
    slack = draw(st.lists(st.integers(0, 20), min_size=len(arcs), max_size=len(arcs)))
    tails = np.array([t for t, _ in arcs], dtype=np.int64)
    heads = np.array([h for _, h in arcs], dtype=np.int64)
    pot = np.array(potential, dtype=np.int64)
    costs = np.array(slack, dtype=np.int64) + pot[heads] - pot[tails] if arcs else heads
    return nodes, tails, heads, costs


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_frontier_bellman_ford_equals_relaxing_every_arc(graph):
    nodes, tails, heads, costs = graph
    got = distances_to(0, nodes, tails, heads, costs)
    assert got.tolist() == _every_arc_bellman_ford(0, nodes, tails, heads, costs).tolist()


def test_a_negative_cycle_is_refused():
    tails, heads, costs = np.array([1, 2, 1]), np.array([2, 1, 0]), np.array([-3, 1, 0])
    with pytest.raises(RuntimeError, match="negative cycle"):
        distances_to(0, 3, tails, heads, costs)


def _contested():
    """Mentors with one place each; both mentees like mentor 1 best, but mentee 10 can only
    have mentor 1 (every other mentor is in its organisation), so the optimum gives mentee 11
    another mentor. Twenty mentors, so that a mentee's top 1 leaves pairs out."""
    words = ["lease", "board", "tender", "staff", "library", "nursing", "finance", "housing"]
    mentors = [Profile(1, sectors=["Housing"], needs=["pensions"], text="pension lease board")]
    mentors += [
        Profile(i, sectors=["Housing"], text=" ".join(words[: 1 + i % 8]), organisation="Acme")
        for i in range(2, 21)
    ]
    mentees = [
        Profile(10, sectors=["Housing"], needs=["pensions"], text="pension", organisation="acme"),
        Profile(11, sectors=["Housing"], needs=["pensions"], text="pension lease board"),
    ]
    return MatchingEngine().fit(mentors, mentees), mentees


def test_certificate_rejects_a_solution_missing_a_better_pair():
    engine, mentees = _contested()
    p = CohortProblem(engine, mentees, ())
    arcs, rest_max = initial_arcs(p, 1)  # each mentee sees only mentor 1
    used = solve_flow(2, p.capacity, arcs, p.big)
    assert used.sum() == 1, "one mentee is left out on the restricted pairs"
    new, violated = _certify(p, arcs, used, rest_max, per_row=8, slack=0.0)
    assert violated
    assert set(new.rows.tolist()) == {1}, "mentee 11 needs another mentor"
    assert 0 not in new.cols.tolist()
    # With that pair added, the flow matches both and the certificate holds.
    arcs = p.add(arcs, new)
    used = solve_flow(2, p.capacity, arcs, p.big)
    assert used.sum() == 2
    _, violated = _certify(p, arcs, used, rest_max, per_row=8, slack=0.0)
    assert not violated


def test_potentials_refuse_a_flow_that_is_not_optimal():
    engine, mentees = _contested()
    p = CohortProblem(engine, mentees, ())
    arcs, _ = initial_arcs(p, 20)  # every eligible pair
    best = solve_flow(2, p.capacity, arcs, p.big)
    # Give mentor 1 to mentee 11 and leave mentee 10 out: matching fewer is never optimal.
    worse = (arcs.rows == 1) & (arcs.cols == 0)
    assert not np.array_equal(best, worse)
    with pytest.raises(RuntimeError, match="negative cycle"):
        sink_distances(2, p.capacity, arcs, worse, p.big)
    for to_sink in (True, False):  # both extremes of the potentials accept the optimum
        d_mentee, d_mentor = sink_distances(2, p.capacity, arcs, best, p.big, to_sink=to_sink)
        reduced = -(p.big + arcs.weight) - d_mentee[arcs.rows] + d_mentor[arcs.cols]
        assert (reduced[~best] >= 0).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_mentees=25, max_mentors=8), st.integers(1, 3))
def test_scans_of_kept_and_recomputed_blocks_agree(cohort, k):
    mentors, mentees, forbidden = cohort
    engine = MatchingEngine().fit(mentors, mentees)
    kept = CohortProblem(engine, sorted(mentees, key=lambda p: p.id), forbidden)
    arcs, rest_max = initial_arcs(kept, k)
    fresh = CohortProblem(engine, kept.mentees, forbidden)
    fresh.arcs_so_far = arcs  # no kept blocks: every scan recomputes the scores
    rows = np.flatnonzero(np.isfinite(rest_max))
    for floor in (0.0, 0.2, 0.5):
        a = kept.scan(rows, lambda block, chunk, f=floor: block >= f, None)
        b = fresh.scan(rows, lambda block, chunk, f=floor: block >= f, None)
        assert a.rows.tolist() == b.rows.tolist()
        assert a.cols.tolist() == b.cols.tolist()
        assert a.weight.tolist() == b.weight.tolist()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_mentees=25, max_mentors=8), st.integers(1, 3))
def test_duality_proof_accepts_the_optimum_and_refuses_a_worse_assignment(cohort, k):
    mentors, mentees, forbidden = cohort
    engine = MatchingEngine().fit(mentors, mentees)
    result = engine.assign(mentees, k=k, forbidden=forbidden)
    proof = dual_check(engine, mentees, forbidden, result.pairs)
    assert proof["optimal"], proof
    reference = reference_total(engine, mentees, forbidden)
    if reference is not None:
        assert reference[0] == result.matched
        assert reference[1] == pytest.approx(result.total, abs=1e-4)
    if result.pairs:
        # One mentee fewer matched: the proof must fail.
        assert not dual_check(engine, mentees, forbidden, result.pairs[1:])["optimal"]


def test_duality_proof_refuses_a_pair_no_one_may_have():
    engine, mentees = _contested()
    proof = dual_check(engine, mentees, (), [(10, 2, 0.5)])  # same organisation
    assert proof == {"optimal": False, "reason": "an assigned pair breaks a hard rule"}


def test_arcs_extend_keeps_one_arc_per_pair_in_row_then_column_order():
    a = Arcs(np.array([1, 0]), np.array([5, 7]), np.array([3, 4]), np.array([0.3, 0.4]))
    b = Arcs(np.array([0, 1]), np.array([7, 2]), np.array([9, 1]), np.array([0.9, 0.1]))
    merged = a.extend(b)
    assert list(zip(merged.rows.tolist(), merged.cols.tolist(), strict=True)) == [
        (0, 7),
        (1, 2),
        (1, 5),
    ]
    assert merged.weight.tolist() == [4, 1, 3], "the first arc of a pair is kept"


def test_duality_proof_refuses_a_worse_assignment_matching_as_many():
    engine, mentees = _contested()
    result = engine.assign(mentees)
    assert dual_check(engine, mentees, (), result.pairs)["optimal"]
    chosen = dict(result.mentor_of())
    worst = min(range(2, 21), key=lambda i: (engine.explain(mentees[1], i).score, -i))
    assert engine.explain(mentees[1], worst).score < engine.explain(mentees[1], chosen[11]).score
    worse = [(10, chosen[10], 0.0), (11, worst, 0.0)]
    assert not dual_check(engine, mentees, (), worse)["optimal"]
