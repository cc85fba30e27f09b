"""API version 1 endpoints: the signed-in person (``me``) and the taxonomies."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import service_errors
from api.profile import me_read, me_update
from api.serializers import ErrorSerializer, MeSerializer, MeUpdateSerializer, TaxonomiesSerializer
from mentoring.models.taxonomies import LegalForm, Need, Region, Sector, Stage
from mentoring.selectors.profiles import taxonomy_active


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The shared JSON error responses, for each status code an operation can return."""
    words = {
        400: "The input is not valid; field errors say why.",
        401: "No credentials, or the token is not valid, expired or revoked.",
        403: "Signed in, but not allowed to do this.",
        404: "Not found (or not yours), or no such page of a list.",
        409: "The object changed; this can no longer be done.",
        429: "Too many requests.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=words[code]) for code in codes}


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        operation_id="me_retrieve",
        summary="Your profile",
        responses={200: MeSerializer, **errors(401, 429)},
    )
    def get(self, request: Request) -> Response:
        return Response(me_read(request.user))

    @extend_schema(
        operation_id="me_partial_update",
        summary="Change your profile answers",
        request=MeUpdateSerializer,
        responses={200: MeSerializer, **errors(400, 401, 429)},
    )
    def patch(self, request: Request) -> Response:
        body = request.data
        if not isinstance(body, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        unknown = sorted(set(body) - {"mentee", "mentor"})
        if unknown:
            raise ValidationError({name: ["This field cannot be changed."] for name in unknown})
        with service_errors():
            data = me_update(user=request.user, changes=body)
        return Response(data, status=status.HTTP_200_OK)


def _entries(model) -> list[dict]:
    return list(taxonomy_active(model=model).values("slug", "name"))


class TaxonomiesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="taxonomies_retrieve",
        summary="The lists profiles choose from",
        responses={200: TaxonomiesSerializer, **errors(401, 429)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "sectors": _entries(Sector),
                "stages": _entries(Stage),
                "expertise": _entries(Need),
                "regions": _entries(Region),
                "legal_forms": _entries(LegalForm),
            }
        )
