"""What mentees say about their mutual and what mentors offer."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mentoring.models.base import TimeStampedModel
from mentoring.models.taxonomies import LegalForm, Need, Region, Sector, Stage

MAX_CAPACITY = 5

# A mentor with a place to give: not paused, and fewer mentees than they offered to take. A
# filter, so aggregates can count it (`Count("id", filter=HAS_FREE_PLACE)`) as well as querysets.
HAS_FREE_PLACE = Q(is_paused=False, load__lt=F("capacity"))


class MentorProfileQuerySet(models.QuerySet):
    """The one definition of which mentors count: finished, in the scheme, free to take someone."""

    def complete(self) -> "MentorProfileQuerySet":
        """Mentors who finished onboarding and whose account is still open."""
        return self.filter(completed_at__isnull=False, user__is_active=True)

    def available(self) -> "MentorProfileQuerySet":
        """Mentors who could take a mentee today: complete, not paused, a place free."""
        return self.complete().filter(HAS_FREE_PLACE)


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
        ]

    def __str__(self) -> str:
        return self.user.display_name if self.user_id else f"Mentor {self.pk}"

    @property
    def places_free(self) -> int:
        return max(self.capacity - self.load, 0)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None
