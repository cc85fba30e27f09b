"""Hard rules: which mentors a mentee may never be offered, and why.

A pair is excluded when the two work for the same organisation, when the pair was declined before
or marked "do not match again", when the mentor has no places free, or when the mentor meets only
in person (``remote=False``) and the mentee is in another region: they could never meet, whatever
the mentee asked for. A region that is blank or "Anywhere (remote)" is not a place, so it never
conflicts (nothing shows the two are far apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from matching.engine.profiles import Profile
from matching.engine.text import fold

SAME_ORGANISATION = "same organisation"
DECLINED = "declined before"
NO_PLACES = "no places free"
DIFFERENT_REGION = "meets only in person, in another region"
DO_NOT_MATCH_AGAIN = "asked not to be matched again"

# Regions that name no place: a person there can meet anyone remotely, but not face-to-face.
PLACELESS_REGIONS = frozenset({"", "anywhere", "anywhere (remote)", "remote", "online"})

# Marker for ineligible pairs in a score block; real scores are never negative.
INELIGIBLE = -1.0


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """Case-, accent- and whitespace-insensitive organisation name; "" means none given."""
    return fold(name)


@lru_cache(maxsize=1024)
def region_key(name: str) -> str:
    """Folded region name, or "" when the region names no place."""
    key = fold(name)
    return "" if key in PLACELESS_REGIONS else key


def same_organisation(mentee: Profile, mentor: Profile) -> bool:
    """The two work for the same organisation (names compared by `organisation_key`)."""
    org = organisation_key(mentee.organisation)
    return bool(org) and org == organisation_key(mentor.organisation)


def face_to_face_conflict(mentee: Profile, mentor: Profile) -> bool:
    """The mentor meets only in person and the two are in different (named) regions."""
    if mentor.remote:
        return False
    a, b = region_key(mentee.region), region_key(mentor.region)
    return bool(a and b and a != b)


class MentorRules:
    """The mentors' rule-relevant facts as arrays, so rules apply to a whole score block at once."""

    def __init__(self, mentors: Sequence[Profile]) -> None:
        self.ids = [m.id for m in mentors]
        self.index = {mentor_id: col for col, mentor_id in enumerate(self.ids)}
        self.capacity = np.array([m.capacity for m in mentors], dtype=np.int64)
        self.full_cols = np.flatnonzero(self.capacity <= 0)
        by_org: dict[str, list[int]] = defaultdict(list)
        by_region: dict[str, list[int]] = defaultdict(list)
        for col, m in enumerate(mentors):
            if organisation_key(m.organisation):
                by_org[organisation_key(m.organisation)].append(col)
            if not m.remote and region_key(m.region):
                by_region[region_key(m.region)].append(col)
        self.cols_by_org = {k: np.array(v) for k, v in by_org.items()}
        self.face_cols_by_region = {k: np.array(v) for k, v in by_region.items()}
        self.face_cols = np.array(sorted(c for v in by_region.values() for c in v), dtype=np.int64)

    def excluded_cols(self, mentee: Profile, declined: Iterable[Hashable] = ()) -> np.ndarray:
        """Columns of every mentor the mentee may not be offered (any reason)."""
        parts = [self.full_cols, self._rule_cols(mentee)]
        parts.append(np.array([self.index[d] for d in declined if d in self.index], dtype=np.int64))
        return np.unique(np.concatenate(parts)).astype(np.int64)

    def _rule_cols(self, mentee: Profile) -> np.ndarray:
        """Columns excluded by organisation and region (not by capacity or declines)."""
        return self._cols_for(organisation_key(mentee.organisation), region_key(mentee.region))

    def _cols_for(self, org: str, region: str) -> np.ndarray:
        parts = [np.zeros(0, dtype=np.int64)]
        if org in self.cols_by_org:
            parts.append(self.cols_by_org[org])
        if region and len(self.face_cols):
            same = self.face_cols_by_region.get(region, np.zeros(0, dtype=np.int64))
            parts.append(np.setdiff1d(self.face_cols, same, assume_unique=True))
        return np.concatenate(parts).astype(np.int64)

    def apply(
        self,
        block: np.ndarray,
        mentees: Sequence[Profile],
        declined: dict[int, list[Hashable]] | None = None,
    ) -> None:
        """Mark ineligible pairs in a (mentees, mentors) score block, in place.

        ``declined`` maps a row of the block to mentor ids that mentee must not get.
        """
        if len(self.full_cols):
            block[:, self.full_cols] = INELIGIBLE
        rows, cols = [], []
        by_region: dict[str, list[int]] = defaultdict(list)
        for row, mentee in enumerate(mentees):
            same_org = self.cols_by_org.get(organisation_key(mentee.organisation))
            if same_org is not None:
                rows.append(np.full(len(same_org), row))
                cols.append(same_org)
            if region_key(mentee.region):
                by_region[region_key(mentee.region)].append(row)
        if rows:
            block[np.concatenate(rows), np.concatenate(cols)] = INELIGIBLE
        for region, region_rows in by_region.items():
            far = self._cols_for("", region)
            if len(far):
                block[np.ix_(np.array(region_rows), far)] = INELIGIBLE
        for row, mentor_ids in (declined or {}).items():
            cols = [self.index[m] for m in mentor_ids if m in self.index]
            if cols:
                block[row, cols] = INELIGIBLE

    def reason(
        self, mentee: Profile, mentor: Profile, declined: Iterable[Hashable] = ()
    ) -> str | None:
        """The first hard rule that keeps this mentor from this mentee, or None if eligible."""
        if same_organisation(mentee, mentor):
            return SAME_ORGANISATION
        if mentor.id in set(declined):
            return DECLINED
        if mentor.capacity <= 0:
            return NO_PLACES
        if face_to_face_conflict(mentee, mentor):
            return DIFFERENT_REGION
        return None

    def has_eligible_ignoring_capacity(
        self, mentee: Profile, declined: Iterable[Hashable] = ()
    ) -> bool:
        """Whether any mentor would be eligible if everyone had places free."""
        blocked = set(self._rule_cols(mentee).tolist())
        blocked.update(self.index[d] for d in declined if d in self.index)
        return len(blocked) < len(self.ids)


def pair_rule_breaches(
    mentee: Profile, mentor: Profile, *, declined: bool = False, do_not_match_again: bool = False
) -> list[str]:
    """Every pairing rule this pair breaks that a coordinator may override, in one wording each.

    Capacity is left out: it is never overridden, and the caller checks it under a row lock.
    ``declined`` and ``do_not_match_again`` are the pair's history, which the caller knows.
    """
    reasons = []
    if same_organisation(mentee, mentor):
        reasons.append(SAME_ORGANISATION)
    if declined:
        reasons.append(DECLINED)
    if do_not_match_again:
        reasons.append(DO_NOT_MATCH_AGAIN)
    if face_to_face_conflict(mentee, mentor):
        reasons.append(DIFFERENT_REGION)
    return reasons


def declined_by_mentee(pairs: Iterable[tuple[Hashable, Hashable]]) -> dict[Hashable, set]:
    """(mentee_id, mentor_id) pairs -> mentee_id -> set of mentor ids."""
    out: dict[Hashable, set] = defaultdict(set)
    for mentee_id, mentor_id in pairs:
        out[mentee_id].add(mentor_id)
    return dict(out)
