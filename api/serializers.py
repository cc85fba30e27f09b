"""Shapes of API responses and requests (also what the OpenAPI schema documents)."""

from rest_framework import serializers


def _slug(**kw):
    return serializers.SlugField(allow_null=True, **kw)


def _slugs(**kw):
    return serializers.ListField(child=serializers.SlugField(), **kw)


class MenteeAnswersSerializer(serializers.Serializer):
    organisation_name = serializers.CharField(allow_blank=True, required=False)
    legal_form = _slug(required=False)
    sector = _slug(required=False)
    stage = _slug(required=False)
    region = _slug(required=False)
    staff_count = serializers.IntegerField(allow_null=True, required=False)
    needs = _slugs(required=False)
    goals = serializers.CharField(allow_blank=True, required=False)
    wants_face_to_face = serializers.BooleanField(allow_null=True, required=False)
    consent_to_share = serializers.BooleanField(required=False)


class MentorAnswersSerializer(serializers.Serializer):
    headline = serializers.CharField(allow_blank=True, required=False)
    roles = serializers.CharField(allow_blank=True, required=False)
    organisation = serializers.CharField(allow_blank=True, required=False)
    expertise = _slugs(required=False)
    sectors = _slugs(required=False)
    stages = _slugs(required=False)
    region = _slug(required=False)
    remote_ok = serializers.BooleanField(allow_null=True, required=False)
    capacity = serializers.IntegerField(required=False)
    bio = serializers.CharField(allow_blank=True, required=False)


class MenteeProfileSerializer(MenteeAnswersSerializer):
    is_complete = serializers.BooleanField(read_only=True)


class MentorProfileSerializer(MentorAnswersSerializer):
    is_complete = serializers.BooleanField(read_only=True)


class MeSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=["mentee", "mentor", "coordinator"]),
        read_only=True,
    )
    mentee = MenteeProfileSerializer(allow_null=True, read_only=True)
    mentor = MentorProfileSerializer(allow_null=True, read_only=True)


class MeUpdateSerializer(serializers.Serializer):
    """Only the answers to change; validated by the same forms as the profile page."""

    mentee = MenteeAnswersSerializer(required=False)
    mentor = MentorAnswersSerializer(required=False)


class TaxonomyEntrySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class TaxonomiesSerializer(serializers.Serializer):
    sectors = TaxonomyEntrySerializer(many=True)
    stages = TaxonomyEntrySerializer(many=True)
    expertise = TaxonomyEntrySerializer(many=True)
    regions = TaxonomyEntrySerializer(many=True)
    legal_forms = TaxonomyEntrySerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
