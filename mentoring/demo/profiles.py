"""Demo mentees (with their waiting requests) and mentors, written in bulk.

Rows are written with bulk_create (users, email addresses, profiles, many-to-many rows) so tens
of thousands of profiles load in seconds on SQLite; a second run finds everyone by email and
creates nothing.
"""

import datetime
import random

from allauth.account.models import EmailAddress

from accounts.models import User
from mentoring.demo.people import (
    EMAIL_DOMAIN,
    demo_today,
    mentee_email,
    mentee_row,
    mentor_email,
    mentor_row,
)
from mentoring.models import (
    AuditEvent,
    LegalForm,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    Region,
    Sector,
    Stage,
)
from mentoring.models.profiles import MENTOR_AGREEMENT_VERSION


def _by_slug(model) -> dict[str, int]:
    return dict(model.objects.values_list("slug", "pk"))


def _existing_emails(prefix: str) -> set[str]:
    return set(
        User.objects.filter(
            email__startswith=prefix, email__endswith=f"@{EMAIL_DOMAIN}"
        ).values_list("email", flat=True)
    )


def _create_users(rows: list[tuple[str, str, datetime.datetime]], password_hash: str) -> dict:
    """Bulk-create verified users who joined when their row says; returns email → user id."""
    users = [
        User(email=email, full_name=name, password=password_hash, date_joined=joined)
        for email, name, joined in rows
    ]
    User.objects.bulk_create(users, batch_size=2000)
    ids = _ids_in_chunks([email for email, _, _ in rows])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=ids[e], email=e, verified=True, primary=True) for e, _, _ in rows],
        batch_size=2000,
    )
    return ids


def _date_profiles(model, signed_up: dict[int, datetime.datetime]) -> None:
    """Profiles made in bulk are stamped "now"; give each the day its person signed up."""
    model.objects.bulk_update(
        [model(pk=pk, created_at=when) for pk, when in signed_up.items()],
        ["created_at"],
        batch_size=2000,
    )


def _ids_in_chunks(emails: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(emails), 5000):
        chunk = emails[start : start + 5000]
        ids.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
    return ids


def seed_mentees(seed: int, count: int, password_hash: str) -> int:
    existing = _existing_emails("mentee")
    wanted = [n for n in range(1, count + 1) if mentee_email(n) not in existing]
    if not wanted:
        return 0
    rows = {n: mentee_row(seed, n) for n in wanted}
    ids = _create_users(
        [(mentee_email(n), rows[n]["full_name"], rows[n]["signed_up_at"]) for n in wanted],
        password_hash,
    )
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
    _date_profiles(
        MenteeProfile,
        {profile_ids[ids[mentee_email(n)]]: row["signed_up_at"] for n, row in rows.items()},
    )
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
    """Three in five onboarded demo mentees ask for a mentor, within two weeks of finishing their
    profile (the matches decide which requests are still waiting, and date those anew)."""
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
    # The date comes from the organisation, so it is the same on every run.
    today = demo_today()
    for request in requests:
        row = mentees[request.mentee_id][1]
        rng = random.Random(f"request:{row['organisation_name']}:{row['full_name']}")  # noqa: S311
        asked = row["completed_at"] + datetime.timedelta(minutes=rng.randrange(14 * 24 * 60))
        request.created_at = min(asked, today - datetime.timedelta(minutes=1))
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


def seed_mentors(seed: int, count: int, mentees: int, password_hash: str) -> int:
    existing = _existing_emails("mentor")
    wanted = [n for n in range(1, count + 1) if mentor_email(n) not in existing]
    if not wanted:
        return 0
    rows = {n: mentor_row(seed, n, mentees) for n in wanted}
    ids = _create_users(
        [(mentor_email(n), rows[n]["full_name"], rows[n]["signed_up_at"]) for n in wanted],
        password_hash,
    )
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
                # Vetted when they joined, the agreement accepted as they finished.
                approval=MentorProfile.Approval.APPROVED,
                agreement_version=MENTOR_AGREEMENT_VERSION,
                agreement_accepted_at=row["completed_at"],
            )
            for n, row in rows.items()
        ],
        batch_size=2000,
    )
    profile_ids = _profile_ids(MentorProfile, list(ids.values()))
    _date_profiles(
        MentorProfile,
        {profile_ids[ids[mentor_email(n)]]: row["signed_up_at"] for n, row in rows.items()},
    )
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
