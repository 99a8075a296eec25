"""API v1: the activity catalog, and the activity log for the offline client and other systems.

POST takes one activity or a list in the wire format of DESIGN.md. Writes go through
`record_activity` and, for a list, `record_activities` (one pass for the whole list); this
module only translates their answers into HTTP (201 stored, 200 the same activity already
stored, 409 another content under that id, 400 invalid, 503 busy).
"""

from django.db import OperationalError
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from cdtt import api_params
from cdtt.accounts.scoping import get_in_scope, scope
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.access import work_of
from cdtt.teams.models import Member, Team

from .actions import record_activities, record_activity
from .measures import ENTERED, Measure
from .models import Activity, ActivityType, Counts, Source
from .rules import COUNTS, GENERAL, ActivityConflict, ActivityError, wire

MAX_ITEMS = 500  # per POST: a phone's backlog of a few weeks fits easily
SQLITE_BUSY = "database is locked"


class ActivityTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    name_vi = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = ActivityType
        fields = [
            "code",
            "name",
            "name_vi",
            "name_en",
            "description",
            "counts",
            "frequent",
            "order",
        ]


@extend_schema(tags=["activities"])
class ActivityTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalog of activity types in use; `code` is what activities carry as `type`.

    The catalog belongs to no unit: every signed-in user reads all of it (no scoping)."""

    serializer_class = ActivityTypeSerializer
    queryset = ActivityType.objects.active()
    lookup_field = "code"


MOMENT = serializers.DateTimeField(read_only=True)


class ActivitySerializer(serializers.ModelSerializer):
    """An activity as stored: the wire format plus who recorded it and when."""

    type = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "member", "team", "village", "date", "type", *COUNTS, "note",
                  "source", "recorded_by", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, activity: Activity) -> dict:
        """Built straight from the wire format: a batch answers up to 500 activities, and the
        generic field-by-field path costs more than storing them. Equal, key for key, to the
        generic ModelSerializer representation (tests/test_api_activities.py)."""
        return {
            **wire(activity),
            "recorded_by": activity.recorded_by_id,
            "created_at": MOMENT.to_representation(activity.created_at),
            "updated_at": MOMENT.to_representation(activity.updated_at),
        }


def _measure_in(measure: Measure) -> serializers.IntegerField:
    """An entered measure on the wire: the count is required, the others default to 0."""
    if measure.optional:
        return serializers.IntegerField(
            min_value=0, required=False, default=0, help_text=measure.help_text
        )
    return serializers.IntegerField(
        min_value=1, help_text=f"the number the type counts: {', '.join(Counts.values)}"
    )


ActivityInSerializer = type(
    "ActivityInSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "The wire format of DESIGN.md (documentation only: `record_activity` "
        "checks it); its numbers are the entered measures of `measures`.",
        "id": serializers.UUIDField(help_text="made by the client (crypto.randomUUID)"),
        "member": serializers.IntegerField(),
        "team": serializers.IntegerField(),
        "village": serializers.IntegerField(help_text="a village of the team's unit, or that unit"),
        "date": serializers.DateField(),
        "type": serializers.SlugField(help_text="code of an activity type"),
        **{m.field: _measure_in(m) for m in ENTERED},
        "note": serializers.CharField(max_length=200, required=False, allow_blank=True),
        "source": serializers.ChoiceField(choices=Source.choices, required=False),
    },
)


class ItemResultSerializer(serializers.Serializer):
    """The answer to one item of a posted list."""

    id = serializers.CharField(allow_null=True, help_text="the item's id as sent")
    status = serializers.IntegerField(help_text="201, 200, 409, 400 or 503, as for a single post")
    activity = ActivitySerializer(required=False)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


ERRORS = {
    "type": "object",
    "description": "messages by field (id, member, team, village, date, type, counts, note)",
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}


class ActivityItemSerializer(serializers.Serializer):
    """One item of a posted list: an activity in the wire format of ActivityIn. Each item
    is checked on its own and answered in its own result (what is missing or wrong, by
    field; an item that is not an object is answered so too): any JSON value is taken."""


class ActivityItemExtension(OpenApiSerializerExtension):
    """In the schema, an item of a posted list is any JSON value (see the serializer)."""

    target_class = ActivityItemSerializer

    def map_serializer(self, auto_schema, direction):
        return {"description": "an activity as in ActivityIn, checked and answered on its own"}


ONE_OR_MANY = PolymorphicProxySerializer(
    component_name="ActivityInOrList",
    serializers=[ActivityInSerializer, ActivityItemSerializer(many=True, max_length=MAX_ITEMS)],
    resource_type_field_name=None,
    many=False,
)
STORED_OR_RESULTS = PolymorphicProxySerializer(
    component_name="ActivityOrResults",
    serializers=[ActivitySerializer, ItemResultSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)
LIST_PARAMETERS = [
    OpenApiParameter("member", OpenApiTypes.INT, description="id of a member"),
    OpenApiParameter("team", OpenApiTypes.INT, description="id of a team"),
    OpenApiParameter("subtree", OpenApiTypes.INT, description="id of a unit: its whole subtree"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="first day, inclusive"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last day, inclusive"),
    OpenApiParameter("type", OpenApiTypes.STR, description="code of an activity type"),
]


@extend_schema_view(
    list=extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: ActivitySerializer(many=True), 400: OpenApiResponse(ERRORS)},
    ),
    create=extend_schema(
        request=ONE_OR_MANY,
        responses={
            201: OpenApiResponse(ActivitySerializer, description="stored"),
            200: OpenApiResponse(
                STORED_OR_RESULTS,
                description="one object: the same activity was already stored; "
                "a list: one result per item, in order",
            ),
            400: OpenApiResponse(ERRORS, description="invalid; nothing stored"),
            409: OpenApiResponse(ERRORS, description="another content under this id"),
            503: OpenApiResponse(ERRORS, description="busy (embedded SQLite): send it again"),
        },
    ),
)
@extend_schema(tags=["activities"])
class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The activity log of the caller's subtree, newest first; idempotent writes by UUID."""

    serializer_class = ActivitySerializer

    def get_queryset(self):
        # A member reads her own activities (and those of a team she leads): access.work_of.
        activities = work_of(
            self.request.user, scope(self.request.user, Activity.objects.select_related("type"))
        )
        if self.action == "list":
            activities = self._filter(activities, self.request.query_params)
        return activities.newest_first()

    def _filter(self, activities, params):
        """Ids outside the subtree are 404, as everywhere; malformed values are 400."""
        user = self.request.user
        for name, model, lookup in [
            ("member", Member, "member"),
            ("team", Team, "team"),
            ("subtree", OrgUnit, None),
        ]:
            wanted = api_params.identifier(params, name)
            if wanted is None:
                continue
            found = get_in_scope(user, model.objects.all(), pk=wanted)
            if lookup:
                activities = activities.filter(**{lookup: found})
            else:
                activities = activities.in_subtree(found)
        for name, lookup in [("from", "date__gte"), ("to", "date__lte")]:
            day = api_params.day(params, name)
            if day is not None:
                activities = activities.filter(**{lookup: day})
        code = api_params.text(params, "type")
        if code:
            activities = activities.filter(type__code=code)
        return activities

    def create(self, request, *args, **kwargs):
        data = request.data
        if isinstance(data, list):
            message = None
            if len(data) > MAX_ITEMS:
                message = _("At most %(limit)s activities in one request.") % {"limit": MAX_ITEMS}
            if message:
                return Response({GENERAL: [message]}, status=status.HTTP_400_BAD_REQUEST)
            return Response(self._many(request, data))
        if not isinstance(data, dict):
            message = _("An activity (a JSON object) or a list of them is expected.")
            return Response({GENERAL: [message]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            code, body = self._answer(record_activity(request.user, data, Source.API))
        except ActivityError as error:
            code, body = self._answer(error)
        except OperationalError as error:
            code, body = self._busy(error)
        headers = {"Retry-After": "2"} if code == status.HTTP_503_SERVICE_UNAVAILABLE else None
        return Response(body, status=code, headers=headers)

    def _many(self, request, items: list) -> list[dict]:
        """One result per item, in order; the list is written in one pass, and the stored
        activities are serialized together (the serializer's fields are built once)."""
        try:
            answers = record_activities(request.user, items, Source.API)
        except OperationalError as error:
            return [self._result(item, *self._busy(error)) for item in items]
        stored = [answer[0] for answer in answers if not isinstance(answer, ActivityError)]
        bodies = iter(ActivitySerializer(stored, many=True).data)
        results = []
        for item, answer in zip(items, answers, strict=True):
            if isinstance(answer, ActivityError):
                results.append(self._result(item, *self._answer(answer)))
            else:
                code = status.HTTP_201_CREATED if answer[1] else status.HTTP_200_OK
                results.append(self._result(item, code, next(bodies)))
        return results

    @staticmethod
    def _result(item, code: int, body: dict) -> dict:
        sent_id = item.get("id") if isinstance(item, dict) else None
        result = {"id": None if sent_id is None else str(sent_id), "status": code}
        result["activity" if code in (200, 201) else "errors"] = body
        return result

    @staticmethod
    def _answer(result) -> tuple[int, dict]:
        """An answer of `record_activity(ies)` as (HTTP status, body)."""
        if isinstance(result, ActivityConflict):
            return status.HTTP_409_CONFLICT, result.errors
        if isinstance(result, ActivityError):
            return status.HTTP_400_BAD_REQUEST, result.errors
        activity, created = result
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return code, ActivitySerializer(activity).data

    @staticmethod
    def _busy(error: OperationalError) -> tuple[int, dict]:
        """SQLite (embedded mode) gave up waiting for the write lock: nothing was written, and
        the client keeps the activities and sends them again."""
        if SQLITE_BUSY not in str(error):
            raise error
        message = _("The server is busy: send this again in a moment.")
        return status.HTTP_503_SERVICE_UNAVAILABLE, {GENERAL: [message]}
