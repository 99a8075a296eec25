"""API v1: the administrative units a user may see."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from cdtt.accounts.scoping import ID_PATTERN, as_id, scope

from .models import Level, OrgUnit, normalize_code


class OrgUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "kind",
            "parent",
            "population",
            "households",
            "households_without_smartphone",
            "valid_from",
            "valid_until",
            "successor",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("parent", OpenApiTypes.INT, description="id of the parent unit"),
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="name, accents and case ignored; or a code"
            ),
            OpenApiParameter(
                "code", OpenApiTypes.STR, description='official code ("3268" and "03268" alike)'
            ),
        ]
    )
)
class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, communes and villages inside the caller's subtree, in Vietnamese order."""

    serializer_class = OrgUnitSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        units = scope(self.request.user, OrgUnit.objects.all())
        if self.action != "list":
            return units
        params = self.request.query_params
        if as_id(params.get("parent")) is not None:
            units = units.filter(parent_id=as_id(params["parent"]))
        if params.get("level") in Level.values:
            units = units.filter(level=params["level"])
        if params.get("code"):
            code = params["code"].strip()
            units = units.filter(code__in={code, normalize_code(code)})
        return units.search(params.get("q", "")).vietnamese_order()
