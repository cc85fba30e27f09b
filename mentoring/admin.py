"""Admin for the scheme's records. Statuses change only through services, so they are read-only."""

from django.contrib import admin

from mentoring.models import (
    AuditEvent,
    Feedback,
    LegalForm,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    OutgoingEmail,
    Region,
    Sector,
    SessionLog,
    Stage,
)
from mentoring.selectors.people import person_display_name


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


for taxonomy in (Sector, LegalForm, Need):
    admin.site.register(taxonomy, TaxonomyAdmin)


@admin.register(Stage)
class StageAdmin(TaxonomyAdmin):
    list_display = ["name", "description", "position", "is_active"]


@admin.register(Region)
class RegionAdmin(TaxonomyAdmin):
    list_display = ["name", "is_remote", "position", "is_active"]


@admin.display(description="person", ordering="user__full_name")
def _person(obj) -> str:
    return person_display_name(obj.user)


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", _person, "sector", "stage", "region", "completed_at"]
    list_filter = ["sector", "stage", "region", "legal_form", "consent_to_share"]
    list_select_related = ["user", "sector", "stage", "region"]
    search_fields = ["organisation_name", "user__email", "user__full_name"]
    filter_horizontal = ["needs"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at", "onboarding_answered"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = [_person, "headline", "region", "capacity", "load", "is_paused", "completed_at"]
    list_filter = ["is_paused", "region", "sectors", "stages", "remote_ok"]
    list_select_related = ["user", "region"]
    search_fields = ["user__email", "user__full_name", "organisation", "headline"]
    filter_horizontal = ["expertise", "sectors", "stages"]
    raw_id_fields = ["user"]
    readonly_fields = ["load", "created_at", "updated_at", "onboarding_answered"]


@admin.register(MentoringRequest)
class MentoringRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentee", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["mentee"]
    search_fields = ["mentee__organisation_name", "mentee__user__email"]
    filter_horizontal = ["needs"]
    raw_id_fields = ["mentee"]
    readonly_fields = ["status", "status_changed_at", "created_at", "updated_at"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentee_name", "mentor_name", "status", "source", "created_at"]
    list_filter = ["status", "source"]
    list_select_related = ["request__mentee__user", "mentor__user"]
    search_fields = ["request__mentee__organisation_name", "mentor__user__email"]
    raw_id_fields = ["request", "mentor", "proposed_by", "ended_by"]
    # Every transition goes through mentoring.services.matches (audit, load, emails).
    readonly_fields = [
        "status",
        "score",
        "explanation",
        "approved_at",
        "responded_at",
        "started_at",
        "ended_at",
        "created_at",
        "updated_at",
    ]

    @admin.display(description="mentee")
    def mentee_name(self, obj: Match) -> str:
        return person_display_name(obj.request.mentee.user)

    @admin.display(description="mentor")
    def mentor_name(self, obj: Match) -> str:
        return person_display_name(obj.mentor.user)


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin):
    # Private notes stay out of lists; they belong to the pair.
    list_display = ["__str__", "match", "duration_minutes", "format"]
    list_filter = ["format"]
    raw_id_fields = ["match", "logged_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "date"


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "match", "author_role", "stage", "rating", "created_at"]
    list_filter = ["author_role", "stage", "rating"]
    raw_id_fields = ["match", "author"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "verb", "actor", "request", "match"]
    list_filter = ["verb"]
    list_select_related = ["actor", "request", "match"]
    search_fields = ["verb"]
    date_hierarchy = "created_at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "template", "to_address", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to_address", "event_key"]
    date_hierarchy = "created_at"
