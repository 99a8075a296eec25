"""API of the skills app: the catalogue of guidable tasks, and members' levels (scoped)."""

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from cdtt import api_params
from cdtt.accounts.scoping import ID_PATTERN, scope
from cdtt.teams.access import led_teams, reads_everyone
from cdtt.teams.models import Member, Membership

from . import actions
from .models import Level, SkillLevel, Task
from .selectors import member_of

if TYPE_CHECKING:  # the related fields' models, named in annotations only
    from cdtt.activities.models import ActivityType
    from cdtt.portal.models import Guide

CODE_PATTERN = r"[a-z0-9-]{1,60}"


class TaskSerializer(serializers.ModelSerializer):
    guide: "serializers.SlugRelatedField[Guide]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    activity_type: "serializers.SlugRelatedField[ActivityType]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["code", "app", "title", "guide", "activity_type", "course_title", "course_url",
                  "questions"]  # fmt: skip
        read_only_fields = fields

    def get_questions(self, task: Task) -> int:
        """How many check questions the guide ends with."""
        return len(task.questions.all())


@extend_schema(tags=["skills"])
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of guidable tasks in use. It belongs to no unit: every signed-in user
    reads all of it."""

    serializer_class = TaskSerializer
    queryset = (
        Task.objects.active()
        .select_related("guide", "activity_type")
        .prefetch_related("questions")
        .order_by("position", "code")
    )
    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN


class LevelSerializer(serializers.ModelSerializer):
    task: "serializers.SlugRelatedField[Task]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = SkillLevel
        fields = ["id", "member", "task", "level", "source", "changed_at", "confirmed_by",
                  "confirmed_at"]  # fmt: skip
        read_only_fields = fields


class OwnLevelSerializer(serializers.Serializer):
    task = serializers.SlugRelatedField(slug_field="code", queryset=Task.objects.active())
    level = serializers.ChoiceField(choices=Level.choices)


class ConfirmSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=10**18)
    task = serializers.SlugRelatedField(slug_field="code", queryset=Task.objects.active())


def visible_levels(user):
    """Levels the user may read: in her subtree, and, for a member who is no officer nor
    leader account, her own and those of the teams she leads (skills are details)."""
    levels = scope(user, SkillLevel.objects.all())
    if reads_everyone(user):
        return levels
    led = Membership.objects.current().filter(team_id__in=led_teams(user)).values("member_id")
    return levels.filter(Q(member__user=user) | Q(member_id__in=led))


@extend_schema(tags=["skills"])
class LevelViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Members' levels per task (no row: "chưa biết"); `POST` sets the caller's own level."""

    serializer_class = LevelSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        levels = visible_levels(self.request.user).select_related("task")
        member = api_params.identifier(self.request.query_params, "member")
        if member is not None:
            levels = levels.filter(member_id=member)
        return levels.order_by("member_id", "task__position", "pk")

    @extend_schema(
        parameters=[OpenApiParameter("member", int, description="only this member's levels")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OwnLevelSerializer, responses={201: LevelSerializer})
    def create(self, request, *args, **kwargs):
        body = OwnLevelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = member_of(request.user)
        if member is None:
            raise serializers.ValidationError(
                {"member": [_("Your account is not a team member: there are no levels to set.")]}
            )
        try:
            row = actions.set_own_level(
                request.user, member, body.validated_data["task"], body.validated_data["level"]
            )
        except actions.SkillError as error:
            raise serializers.ValidationError(error.errors) from error
        return Response(LevelSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["skills"])
class ConfirmViewSet(viewsets.GenericViewSet):
    """A leader or an officer confirms that a member can guide a task."""

    serializer_class = ConfirmSerializer

    @extend_schema(request=ConfirmSerializer, responses={200: LevelSerializer})
    def create(self, request):
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = scope(request.user, Member.objects.filter(pk=body.validated_data["member"]))
        member = member.first()
        if member is None:
            raise serializers.ValidationError({"member": [_("No such member in your area.")]})
        try:
            row = actions.confirm_guide(request.user, member, body.validated_data["task"])
        except actions.SkillError as error:
            raise serializers.ValidationError(error.errors) from error
        return Response(LevelSerializer(row).data)


# The skills figures in the stats API (GET /api/v1/stats/): shapes of `figures.skills_stats`.


class MatrixLineSerializer(serializers.Serializer):
    task = serializers.CharField()
    title = serializers.CharField()
    app = serializers.CharField()
    members = serializers.IntegerField()
    unknown = serializers.IntegerField()
    can_do = serializers.IntegerField()
    claimed = serializers.IntegerField(help_text="claims to guide, not confirmed yet")
    can_guide = serializers.IntegerField(help_text="confirmed")
    unknown_pct = serializers.FloatField(allow_null=True)
    can_do_pct = serializers.FloatField(allow_null=True)
    claimed_pct = serializers.FloatField(allow_null=True)
    can_guide_pct = serializers.FloatField(allow_null=True)


class UnguidedLineSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    unit = serializers.CharField()
    count = serializers.IntegerField()
    tasks = serializers.ListField(child=serializers.CharField())
    titles = serializers.ListField(child=serializers.CharField())


class StalledLineSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    last_progress = serializers.DateField(allow_null=True)
    can_guide = serializers.IntegerField()


class TrainingLineSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    place = serializers.CharField()
    organiser = serializers.CharField()
    present = serializers.IntegerField()


class AffiliationLineSerializer(serializers.Serializer):
    affiliation = serializers.CharField()
    # a field named `label` shadows Field.label in the stubs (DRF reads declared fields)
    label = serializers.CharField()  # type: ignore[assignment]
    members = serializers.IntegerField()
    attended = serializers.IntegerField()
    attendances = serializers.IntegerField()
    attended_pct = serializers.FloatField(allow_null=True)


class SkillsStatsSerializer(serializers.Serializer):
    matrix = MatrixLineSerializer(many=True)
    unguided = UnguidedLineSerializer(many=True)
    stalled = StalledLineSerializer(many=True)
    stalled_months = serializers.IntegerField()
    trainings = TrainingLineSerializer(many=True)
    training_by_affiliation = AffiliationLineSerializer(many=True)
