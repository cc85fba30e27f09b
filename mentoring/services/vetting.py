"""Vetting mentors: coordinators approve, ask for changes or decline; mentors accept the agreement.

Each coordinator decision is audited (`data={"mentor": id}`) and emailed to the mentor after
commit. See docs/adr/0017-mentor-vetting.md.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.models import MentorProfile
from mentoring.models.profiles import MENTOR_AGREEMENT_VERSION
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue
from mentoring.services.locks import locked_mentor

Approval = MentorProfile.Approval
MESSAGE_MAX_LENGTH = 2000

# Which decisions a coordinator may take from which state. An approved mentor is not un-vetted
# here: they may hold live matches (end those, or close the account, instead).
DECIDABLE = {
    Approval.APPROVED: (Approval.AWAITING, Approval.CHANGES_REQUESTED),
    Approval.CHANGES_REQUESTED: (Approval.AWAITING,),
    Approval.DECLINED: (Approval.AWAITING, Approval.CHANGES_REQUESTED),
}
VERBS = {
    Approval.APPROVED: "mentor.approved",
    Approval.CHANGES_REQUESTED: "mentor.changes_requested",
    Approval.DECLINED: "mentor.declined",
    Approval.AWAITING: "mentor.resubmitted",
}
VETTING_VERBS = tuple(VERBS.values())
EMAIL_TEMPLATES = {
    Approval.APPROVED: "mentor_approved",
    Approval.CHANGES_REQUESTED: "mentor_changes_requested",
    Approval.DECLINED: "mentor_declined",
}


def _decide(
    *, mentor: MentorProfile, coordinator: User, to: str, message: str = ""
) -> MentorProfile:
    mentor = locked_mentor(mentor.pk)
    name = mentor.user.display_name
    if not mentor.user.is_active:
        raise ValidationError("This mentor has left the scheme.")
    if not mentor.is_complete:
        raise ValidationError(f"{name} has not finished their profile.")
    if mentor.approval not in DECIDABLE[to]:
        raise ValidationError(
            f"{name} is {mentor.get_approval_display().lower()}: this decision has already been "
            "taken or no longer applies."
        )
    if to == Approval.APPROVED and not mentor.agreement_is_current:
        raise ValidationError(
            f"{name} has not accepted the mentor agreement yet. Ask for changes or wait until "
            "they have."
        )
    before = mentor.approval
    mentor.approval = to
    mentor.approval_message = message
    mentor.approval_decided_at = timezone.now()
    # Saving `updated_at` changes the matching index's mentor version, as a profile edit does.
    mentor.save(update_fields=["approval", "approval_message", "approval_decided_at", "updated_at"])
    event = audit_record(
        actor=coordinator,
        verb=VERBS[to],
        before={"approval": before},
        after={"approval": to},
        data={"mentor": mentor.pk, "message": message} if message else {"mentor": mentor.pk},
    )
    email_queue(
        template=EMAIL_TEMPLATES[to],
        event_key=f"mentor:{mentor.pk}:{to}:{event.pk}",
        recipient=mentor.user,
        context={"message": message},
    )
    return mentor


def _required_message(message: str, *, what: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": f"Enter {what}"})
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": f"{what.capitalize()} must be {MESSAGE_MAX_LENGTH} characters or fewer"}
        )
    return message


@transaction.atomic
def mentor_approve(*, mentor: MentorProfile, coordinator: User) -> MentorProfile:
    """Approve a mentor: from now on they can be suggested and introduced."""
    return _decide(mentor=mentor, coordinator=coordinator, to=Approval.APPROVED)


@transaction.atomic
def mentor_changes_request(
    *, mentor: MentorProfile, coordinator: User, message: str
) -> MentorProfile:
    """Ask a mentor to change their profile; the message is shown to them until they do."""
    message = _required_message(message, what="the changes you are asking for")
    return _decide(
        mentor=mentor, coordinator=coordinator, to=Approval.CHANGES_REQUESTED, message=message
    )


@transaction.atomic
def mentor_decline(*, mentor: MentorProfile, coordinator: User, reason: str) -> MentorProfile:
    """Decline a mentor, with a reason that is recorded and sent to them."""
    reason = _required_message(reason, what="the reason for declining")
    return _decide(mentor=mentor, coordinator=coordinator, to=Approval.DECLINED, message=reason)


def mentor_profile_changed(*, mentor: MentorProfile, actor: User | None) -> None:
    """A mentor asked for changes edited their profile: it goes back to the approval queue.

    Called by the profile service inside its transaction, with the profile row locked.
    """
    if mentor.approval != Approval.CHANGES_REQUESTED:
        return
    mentor.approval = Approval.AWAITING
    mentor.approval_requested_at = timezone.now()
    mentor.save(update_fields=["approval", "approval_requested_at", "updated_at"])
    audit_record(
        actor=actor,
        verb=VERBS[Approval.AWAITING],
        before={"approval": Approval.CHANGES_REQUESTED},
        after={"approval": Approval.AWAITING},
        data={"mentor": mentor.pk},
    )


@transaction.atomic
def mentor_agreement_accept(*, user: User) -> MentorProfile:
    """Record that the mentor accepted the mentor agreement in force today."""
    mentor = MentorProfile.objects.select_for_update().filter(user=user).first()
    if mentor is None:
        raise ValidationError("Answer the questions about your experience first.")
    if not mentor.agreement_is_current:
        mentor.agreement_version = MENTOR_AGREEMENT_VERSION
        mentor.agreement_accepted_at = timezone.now()
        # Not `updated_at`: the agreement changes nothing the matching index reads.
        mentor.save(update_fields=["agreement_version", "agreement_accepted_at"])
        audit_record(
            actor=user,
            verb="agreement.accepted",
            data={"mentor": mentor.pk, "version": MENTOR_AGREEMENT_VERSION},
        )
    return mentor
