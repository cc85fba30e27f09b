"""What mentees say about their mutual and what mentors offer."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from mentoring.models.base import TimeStampedModel
from mentoring.models.taxonomies import LegalForm, Need, Region, Sector, Stage

MAX_CAPACITY = 5
# The mentor agreement in force (templates/mentoring/vetting/agreement_text.html). Raise it when
# the agreement changes: every mentor who accepted an older version is asked again.
MENTOR_AGREEMENT_VERSION = 1

# Filters, so aggregates can count them (`Count("id", filter=HAS_FREE_PLACE)`) as well as
# querysets. A coordinator approved the mentor (docs/adr/0017-mentor-vetting.md).
IS_APPROVED = Q(approval="approved")
# Approved and not paused: open to mentees, whether or not a place is free.
OPEN_TO_MENTEES = IS_APPROVED & Q(is_paused=False)
# A mentor with a place to give: approved, not paused, and fewer mentees than they offered to take.
HAS_FREE_PLACE = OPEN_TO_MENTEES & Q(load__lt=F("capacity"))


class MentorProfileQuerySet(models.QuerySet):
    """The one definition of which mentors count: finished, in the scheme, vetted, free to take
    someone."""

    def complete(self) -> "MentorProfileQuerySet":
        """Mentors who finished onboarding and whose account is still open, vetted or not."""
        return self.filter(completed_at__isnull=False, user__is_active=True)

    def open_to_mentees(self) -> "MentorProfileQuerySet":
        """Complete, approved by a coordinator and not paused."""
        return self.complete().filter(OPEN_TO_MENTEES)

    def available(self) -> "MentorProfileQuerySet":
        """Mentors who could take a mentee today: complete, approved, not paused, a place free."""
        return self.complete().filter(HAS_FREE_PLACE)

    def awaiting_approval(self) -> "MentorProfileQuerySet":
        """Complete mentors a coordinator has still to vet, the longest waiting first."""
        return (
            self.complete()
            .filter(approval=MentorProfile.Approval.AWAITING)
            .order_by(Coalesce("approval_requested_at", "completed_at"), "pk")
        )


class MenteeProfile(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profile"
    )
    organisation_name = models.CharField("organisation name", max_length=200, blank=True)
    legal_form = models.ForeignKey(LegalForm, null=True, blank=True, on_delete=models.PROTECT)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT)
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    staff_count = models.PositiveIntegerField("number of staff", null=True, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="mentees")
    goals = models.TextField("what you want from a mentor", max_length=2000, blank=True)
    wants_face_to_face = models.BooleanField(
        "wants to meet face to face",
        default=False,
        help_text="When true, only mentors in the same region or who travel are suggested.",
    )
    consent_to_share = models.BooleanField(
        "agrees to share the profile with proposed mentors", default=False
    )
    completed_at = models.DateTimeField("onboarding completed", null=True, blank=True)
    # Slugs of the onboarding questions answered so far: someone who leaves half way through
    # carries on at the first unanswered question, on any device.
    onboarding_answered = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "mentee profile"

    def __str__(self) -> str:
        return self.organisation_name or f"Mentee {self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class MentorProfile(TimeStampedModel):
    class Approval(models.TextChoices):
        AWAITING = "awaiting", "Awaiting approval"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    headline = models.CharField(max_length=150, blank=True)
    roles = models.TextField("current or past roles", max_length=1000, blank=True)
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Used to avoid conflicts of interest; never suggested to its own staff.",
    )
    expertise = models.ManyToManyField(Need, blank=True, related_name="mentors")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="mentors")
    stages = models.ManyToManyField(Stage, blank=True, related_name="mentors")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    remote_ok = models.BooleanField("happy to mentor remotely", default=True)
    capacity = models.PositiveSmallIntegerField(
        "mentees at once", default=1, help_text=f"From 1 to {MAX_CAPACITY}."
    )
    # Places taken by pending and live matches; kept by the match services under a row lock,
    # and the database refuses a load above capacity.
    load = models.PositiveSmallIntegerField(default=0, editable=False)
    is_paused = models.BooleanField("paused", default=False)
    # The day a pause ends by itself (the daily reminders resume the mentor); none: until they
    # resume themselves.
    paused_until = models.DateField("paused until", null=True, blank=True)
    bio = models.TextField(max_length=3000, blank=True)
    completed_at = models.DateTimeField("onboarding completed", null=True, blank=True)
    # Slugs of the onboarding questions answered so far: someone who leaves half way through
    # carries on at the first unanswered question, on any device.
    onboarding_answered = models.JSONField(default=list, blank=True, editable=False)
    # Vetting: a coordinator approves a mentor before anyone is suggested or introduced to them.
    # Changed only by mentoring.services.vetting, which audits and emails each decision.
    approval = models.CharField(
        "approval",
        max_length=20,
        choices=Approval.choices,
        default=Approval.AWAITING,
        db_index=True,
    )
    # The changes asked for, or the reason for declining; the mentor reads it.
    approval_message = models.TextField(max_length=2000, blank=True, editable=False)
    # When the profile went back for approval after changes; until then, `completed_at` counts.
    approval_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    approval_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The mentor agreement: the version accepted (0: never) and when.
    agreement_version = models.PositiveSmallIntegerField(default=0, editable=False)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "mentor profile"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_between_1_and_5",
            ),
            models.CheckConstraint(
                condition=Q(load__lte=F("capacity")), name="mentor_load_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(approval__in=["awaiting", "changes_requested", "approved", "declined"]),
                name="mentor_approval_known",
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name if self.user_id else f"Mentor {self.pk}"

    @property
    def places_free(self) -> int:
        return max(self.capacity - self.load, 0)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def is_approved(self) -> bool:
        return self.approval == self.Approval.APPROVED

    @property
    def agreement_is_current(self) -> bool:
        return self.agreement_version >= MENTOR_AGREEMENT_VERSION
