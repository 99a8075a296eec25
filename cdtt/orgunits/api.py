"""API v1: the administrative units a user may see."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from cdtt import api_params
from cdtt.accounts.scoping import ID_PATTERN, scope

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
        parent = api_params.identifier(params, "parent")
        if parent is not None:
            units = units.filter(parent_id=parent)
        level = api_params.choice(params, "level", Level.values)
        if level is not None:
            units = units.filter(level=level)
        code = api_params.text(params, "code")
        if code:
            units = units.filter(code__in={code, normalize_code(code)})
        return units.search(api_params.text(params, "q")).vietnamese_order()
