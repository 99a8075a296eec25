"""API v1: /api/v1/sessions/ — list, plan, sign up, attendance, results, photos.

Reads are scoped like the rest (the user's subtree, and the sessions her teams staff);
planning and results are idempotent by the client's UUID: planning again under the same id
answers the sessions already made (200), recording results again under the same id changes
nothing; a photo is sent as multipart/form-data, idempotent by its client UUID too. Writes
go through `actions`; this module only translates into HTTP.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from cdtt.activities.models import ActivityType, Source
from cdtt.activities.rules import COUNTS, MAX_COUNT
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Member, Team
from cdtt.text import ApiLine

from . import actions
from .actions import MAX_NEEDED, MAX_WEEKS
from .actions import photos as photo_actions
from .actions import results as result_actions
from .models import Seat, Session, SessionPhoto, SessionResult
from .rules import SessionError, SessionForbidden, visible_sessions

MAX_ID = 2**53


class SeatSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Seat
        fields = ["member", "member_name", "team", "how", "present"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    type: "serializers.SlugRelatedField[ActivityType]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    givers: "serializers.PrimaryKeyRelatedField[Member]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = SessionResult
        fields = ["type", *COUNTS, "givers"]
        read_only_fields = fields


class PhotoSerializer(serializers.ModelSerializer):
    """A session's photo; `url` serves it to those who read the session, and only them."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    pk = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = SessionPhoto
        fields = ["id", "pk", "url", "width", "height", "uploaded_by", "uploaded_at"]
        read_only_fields = fields

    def get_url(self, photo: SessionPhoto) -> str:
        return reverse("helpsessions:photo", args=[photo.session_id, photo.pk])


class SessionSerializer(serializers.ModelSerializer):
    """A session as stored; `id` is the client's UUID, `pk` the number of its page."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    pk = serializers.IntegerField(read_only=True)
    types: "serializers.SlugRelatedField[ActivityType]" = serializers.SlugRelatedField(
        source="activity_types", slug_field="code", many=True, read_only=True
    )
    bring = serializers.ListField(child=serializers.CharField(), read_only=True)
    seats = SeatSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "pk", "unit", "teams", "village", "date", "start", "end", "place",
                  "address", "types", "bring", "members_needed", "status", "series", "seats",
                  "results", "photos"]  # fmt: skip
        read_only_fields = fields


class PlanSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="made by the client (crypto.randomUUID)")
    teams = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=50
    )
    village = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    date = serializers.DateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    place = ApiLine(max_length=120)
    address = ApiLine(max_length=200, required=False, allow_blank=True, default="")
    types = serializers.ListField(
        child=serializers.SlugField(max_length=40), required=False, max_length=30
    )
    bring = serializers.ListField(child=ApiLine(max_length=120), required=False, max_length=10)
    members_needed = serializers.IntegerField(min_value=1, max_value=MAX_NEEDED, default=3)
    weeks = serializers.IntegerField(
        min_value=1, max_value=MAX_WEEKS, default=1, help_text="sessions a week apart"
    )


class ResultInSerializer(serializers.Serializer):
    type = serializers.SlugField(max_length=40, help_text="code of an activity type")
    people_helped = serializers.IntegerField(min_value=1, max_value=MAX_COUNT)
    women = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    ethnic_minority = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    elderly = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    households_without_smartphone = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, default=0
    )
    givers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=50
    )


class ResultsSerializer(serializers.Serializer):
    client_id = serializers.UUIDField(help_text="the same id sent again changes nothing")
    # many=True makes a ListSerializer, which takes max_length; the stubs type the child
    results = ResultInSerializer(many=True, max_length=30)  # type: ignore[call-arg]
    # a field named `source` shadows Field.source in the stubs (DRF reads declared fields)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Source.choices, default=Source.API
    )


class PhotoInSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="made by the client: the same id sent again adds nothing")
    image = serializers.FileField(
        help_text="a picture; stored re-encoded as a JPEG of at most 1280 px, without EXIF"
    )


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=200
    )


class AssignSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="assign this member (leaders)"
    )


def _refuse(error: SessionError) -> ValidationError | PermissionDenied:
    if isinstance(error, SessionForbidden):
        return PermissionDenied(" ".join(m for ms in error.errors.values() for m in ms))
    return ValidationError(error.errors)


@extend_schema(tags=["sessions"])
@extend_schema_view(
    list=extend_schema(summary="Help sessions the caller reads, newest first"),
    retrieve=extend_schema(summary="One help session"),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Help sessions (buổi hướng dẫn tập trung)."""

    serializer_class = SessionSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            visible_sessions(self.request.user)
            .select_related("unit", "village")
            .prefetch_related(
                "teams",
                "activity_types",
                "seats__member",
                "results__type",
                "results__givers",
                "photos",
            )
            .order_by("-date", "-start", "-pk")
        )

    def _answer(self, session: Session, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=session.pk)
        return Response(SessionSerializer(fresh).data, status=code)

    @extend_schema(
        request=PlanSerializer,
        responses={
            201: SessionSerializer(many=True),
            200: OpenApiResponse(SessionSerializer(many=True), "already planned under this id"),
        },
        summary="Plan a session, or `weeks` of them a week apart",
    )
    def create(self, request):
        given = PlanSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        already = Session.objects.filter(uuid=data["id"]).exists()
        teams = list(Team.objects.select_related("unit").filter(pk__in=data["teams"]))
        village = OrgUnit.objects.filter(pk=data["village"]).first()
        if len(teams) != len(set(data["teams"])):
            raise ValidationError({"teams": ["There is no such team."]})
        if village is None:
            raise ValidationError({"village": ["There is no such unit."]})
        unit = teams[0].unit if len(teams) == 1 else teams[0].unit.commune
        if unit is None:
            raise ValidationError({"teams": ["There is no such team."]})
        types = list(ActivityType.objects.active().filter(code__in=data.get("types", [])))
        try:
            made = actions.plan_session(
                request.user,
                unit=unit,
                teams=teams,
                village=village,
                day=data["date"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                address=data["address"],
                types=types,
                bring=data.get("bring"),
                members_needed=data["members_needed"],
                weeks=data["weeks"],
                client_id=data["id"],
            )
        except SessionError as error:
            raise _refuse(error) from None
        fresh = self.get_queryset().filter(pk__in=[s.pk for s in made]).order_by("date")
        return Response(
            SessionSerializer(fresh, many=True).data,
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=AssignSerializer,
        responses={200: SessionSerializer},
        summary="Sign up (no member given), or assign a member (leaders)",
    )
    @action(detail=True, methods=["post"], url_path="sign-up")
    def sign_up(self, request, pk=None):
        session = self.get_object()
        given = AssignSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            member_id = given.validated_data.get("member")
            if member_id is None:
                actions.sign_up(request.user, session)
            else:
                member = Member.objects.filter(pk=member_id).first()
                if member is None:
                    raise SessionError({"member": ["There is no such member."]})
                actions.assign(request.user, session, member)
        except SessionError as error:
            raise _refuse(error) from None
        return self._answer(session)

    @extend_schema(
        request=AttendanceSerializer,
        responses={200: SessionSerializer},
        summary="Who came: the members present (the others seated did not come)",
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        session = self.get_object()
        given = AttendanceSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            actions.take_attendance(request.user, session, given.validated_data["present"])
        except SessionError as error:
            raise _refuse(error) from None
        return self._answer(session)

    @extend_schema(
        request=ResultsSerializer,
        responses={200: SessionSerializer},
        summary="Record the session's results (all of them: they replace what was recorded)",
    )
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        session = self.get_object()
        given = ResultsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            result_actions.record_results(
                request.user,
                session,
                [dict(item) for item in data["results"]],
                data["client_id"],
                data["source"],
            )
        except SessionError as error:
            raise _refuse(error) from None
        return self._answer(session)

    @extend_schema(
        request={"multipart/form-data": PhotoInSerializer},
        responses={
            201: PhotoSerializer,
            200: OpenApiResponse(PhotoSerializer, "already stored under this id"),
        },
        summary="Add a photo of the session (at most 2; by those who record its results)",
    )
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def photos(self, request, pk=None):
        session = self.get_object()
        given = PhotoInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            photo, created = photo_actions.add_photo(
                request.user, session, data["image"], data["id"]
            )
        except SessionError as error:
            raise _refuse(error) from None
        return Response(
            PhotoSerializer(photo).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# The sessions' steering figures in the stats API (cdtt.helpsessions.figures).


class SessionsByStatusSerializer(serializers.Serializer):
    unit = serializers.CharField()
    period = serializers.CharField(help_text="MM/YYYY")
    planned = serializers.IntegerField()
    held = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class AttendanceGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    seats = serializers.IntegerField(help_text="members signed up or assigned")
    present = serializers.IntegerField(help_text="of them, who came")


class ResidentsAtSessionsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="MM/YYYY")
    at_sessions = serializers.IntegerField()
    one_by_one = serializers.IntegerField()


class QuietVillageSerializer(serializers.Serializer):
    village = serializers.CharField()
    commune = serializers.CharField()
    last_session = serializers.CharField(help_text="dd/mm/yyyy, or — when none")


class SessionFiguresSerializer(serializers.Serializer):
    """The help sessions' figures of the unit and months (cdtt.helpsessions.figures)."""

    sessions = SessionsByStatusSerializer(many=True)
    attendance_affiliation = AttendanceGroupSerializer(many=True)
    attendance_age = AttendanceGroupSerializer(many=True)
    residents = ResidentsAtSessionsSerializer(many=True)
    quiet_villages = QuietVillageSerializer(many=True)
