"""API v1: teams and members inside the caller's subtree.

Reads go through `scope`; writes through `members` (the same rules as the pages), whose
refusals become 400 answers field by field. Changing needs the right to manage the team
(403 otherwise); a team or member outside the subtree does not exist (404). What a member
reads about teammates follows `access` (name and role; the phone only if shown publicly;
details to those who read her work): hidden details are answered as null.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from cdtt import api_params
from cdtt.accounts.scoping import ID_PATTERN, scope
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.text import ApiLine
from cdtt.vietnamese import normalize_phone

from . import rules
from .access import (
    can_manage_member,
    can_manage_team,
    manages_a_team_of,
    reads_member,
    shown_phone,
)
from .actions import GENERAL, MemberError, add_member, ensure_team, update_member
from .models import Affiliation, Gender, Member, Membership, Skill, Team, TeamRole

MAX_ID = 2**63 - 1
ROLE_ORDER = {TeamRole.LEADER: 0, TeamRole.DEPUTY: 1, TeamRole.MEMBER: 2}


def _api_errors(error: MemberError) -> ValidationError:
    return ValidationError(
        {("non_field_errors" if k == GENERAL else k): v for k, v in error.errors.items()}
    )


class PersonSerializer(serializers.Serializer):
    """A member in short: who to call (the phone as the caller may read it)."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    phone = serializers.SerializerMethodField(
        help_text="null unless the member agreed to show it, or the caller reads her details"
    )

    def get_phone(self, member) -> str | None:
        return shown_phone(self.context["request"].user, member)


class TeamMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    member = PersonSerializer(read_only=True)
    role = serializers.ChoiceField(choices=TeamRole.choices, read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, allow_null=True)


class TeamSerializer(serializers.Serializer):
    """A team with its current members, leader first (`current` is prefetched)."""

    id = serializers.IntegerField(read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    level = serializers.ChoiceField(source="unit.level", choices=Level.choices, read_only=True)
    commune = serializers.SerializerMethodField(help_text="id of the commune the team is in")
    leader = serializers.SerializerMethodField()
    members_count = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField(help_text="current memberships")

    def get_commune(self, team) -> int | None:
        return team.unit.pk if team.unit.level == Level.COMMUNE else team.unit.parent_id

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_leader(self, team):
        leader = next((m for m in team.current if m.role == TeamRole.LEADER), None)
        return PersonSerializer(leader.member, context=self.context).data if leader else None

    def get_members_count(self, team) -> int:
        return len(team.current)

    @extend_schema_field(TeamMembershipSerializer(many=True))
    def get_memberships(self, team):
        current = sorted(team.current, key=lambda m: (ROLE_ORDER[m.role], m.member.name_sort))
        return TeamMembershipSerializer(current, many=True, context=self.context).data


class TeamCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="id of a commune or village"
    )


@extend_schema(tags=["teams"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "subtree", OpenApiTypes.INT, description="id of a unit: the teams at or under it"
            )
        ]
    ),
    create=extend_schema(
        request=TeamCreateSerializer,
        responses={200: TeamSerializer, 201: TeamSerializer},
        description="The team of a commune or village, created if it does not exist yet "
        "(201), or the existing one (200).",
    ),
)
class TeamViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The teams of the caller's subtree, each with its current members."""

    serializer_class = TeamSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        current = Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("member"),
            to_attr="current",
        )
        teams = scope(self.request.user, Team.objects.select_related("unit"))
        subtree = (
            api_params.identifier(self.request.query_params, "subtree")
            if self.action == "list"
            else None
        )
        if subtree is not None:
            unit = scope(self.request.user, OrgUnit.objects.filter(pk=subtree)).first()
            teams = teams.in_subtree(unit) if unit else teams.none()
        return teams.prefetch_related(current).order_by("unit__name_sort", "unit__name", "pk")

    def create(self, request, *args, **kwargs):
        body = TeamCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        units = OrgUnit.objects.filter(level__in=(Level.COMMUNE, Level.VILLAGE))
        unit = scope(request.user, units).filter(pk=body.validated_data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": [_("There is no commune or village with this id.")]})
        if not can_manage_team(request.user, Team(unit=unit)):
            raise PermissionDenied
        existed = Team.objects.filter(unit=unit).exists()
        team = self.get_queryset().get(pk=ensure_team(unit).pk)
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(team).data, status=answer)


class MemberMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True)
    role = serializers.ChoiceField(choices=TeamRole.choices, read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, allow_null=True)


class TrainingSerializer(serializers.Serializer):
    date = serializers.DateField(read_only=True)
    topic = serializers.CharField(read_only=True)
    organiser = serializers.CharField(read_only=True)


class MemberSerializer(serializers.Serializer):
    """A member's details; what is written is checked by the same rules as the pages.

    Answered as the caller may read them (`access`): a teammate's details (birth year,
    gender, affiliation, skills, training) are null or empty, her phone null unless she
    agreed to show it; ethnicity only to those who manage one of her teams."""

    id = serializers.IntegerField(read_only=True)
    full_name = ApiLine(max_length=rules.NAME_LENGTH)
    phone = ApiLine(
        max_length=30,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="a Vietnamese mobile number in any usual form; answered as 10 digits",
    )
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=9999
    )
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, allow_null=True
    )
    ethnicity = ApiLine(
        max_length=rules.ETHNICITY_LENGTH,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="sensitive: answered only to those who manage one of the member's teams",
    )
    affiliation = serializers.ChoiceField(
        choices=Affiliation.choices, required=False, allow_blank=True, allow_null=True
    )
    affiliation_note = ApiLine(
        max_length=rules.NOTE_LENGTH, required=False, allow_blank=True, allow_null=True
    )
    skills = serializers.ListField(
        child=serializers.ChoiceField(choices=Skill.choices), required=False, max_length=20
    )
    memberships = MemberMembershipSerializer(many=True, read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)

    def to_representation(self, member):
        data = super().to_representation(member)
        user = self.context["request"].user
        if not manages_a_team_of(user, member):
            data["ethnicity"] = None
        if not reads_member(user, member):
            data.update(
                phone=shown_phone(user, member), birth_year=None, gender=None,
                affiliation=None, affiliation_note=None, skills=[], trainings=[],
            )  # fmt: skip
        return data


class MemberCreateSerializer(MemberSerializer):
    """A person joining a team: their details, the team, the role and the first day."""

    team = serializers.IntegerField(min_value=1, max_value=MAX_ID, write_only=True)
    role = serializers.ChoiceField(
        choices=TeamRole.choices, default=TeamRole.MEMBER, write_only=True
    )
    start = serializers.DateField(required=False, write_only=True, help_text="today if omitted")


@extend_schema(tags=["teams"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("team", OpenApiTypes.INT, description="members of this team"),
            OpenApiParameter("q", OpenApiTypes.STR, description="name, accents and case ignored"),
            OpenApiParameter("phone", OpenApiTypes.STR, description="a phone in any usual form"),
        ]
    ),
    create=extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer}),
)
class MemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):  # fmt: skip
    """Members of the teams of the caller's subtree (also former members).

    Creating puts a person on a team: when the phone is already known, that member joins
    the team instead of a second record being made.
    """

    serializer_class = MemberSerializer
    lookup_value_regex = ID_PATTERN

    def get_serializer_class(self):
        return MemberCreateSerializer if self.action == "create" else MemberSerializer

    def get_queryset(self):
        # Only the memberships inside the subtree are shown (and give the right to read the
        # ethnicity); the right to change is read afresh (access.can_manage_member).
        memberships = scope(self.request.user, Membership.objects.select_related("team__unit"))
        members = scope(self.request.user, Member.objects.all()).prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("start", "pk")), "trainings"
        )
        if self.action != "list":
            return members
        params = self.request.query_params
        team = api_params.identifier(params, "team")
        if team is not None:
            members = members.filter(memberships__team_id=team).distinct()
        phone = api_params.text(params, "phone")
        if phone:
            try:
                members = members.filter(phone=normalize_phone(phone))
            except ValueError:
                members = members.none()
        members = members.search(api_params.text(params, "q")).vietnamese_order()
        if phone:
            # Found by a phone the caller may not read, she would give the phone away: the
            # one member a phone names is listed only when the caller may read it.
            return [m for m in members if shown_phone(self.request.user, m)]
        return members

    def create(self, request, *args, **kwargs):
        body = MemberCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        team_id = data.pop("team")
        team = scope(request.user, Team.objects.select_related("unit")).filter(pk=team_id).first()
        if team is None:
            raise ValidationError({"team": [_("There is no team with this id.")]})
        if not can_manage_team(request.user, team):
            raise PermissionDenied
        try:
            membership = add_member(request.user, team, **data)
        except MemberError as error:
            raise _api_errors(error) from error
        member = self.get_queryset().get(pk=membership.member_id)
        return Response(
            MemberSerializer(member, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        member = self.get_object()
        if not can_manage_member(request.user, member):
            raise PermissionDenied
        partial = kwargs.get("partial", False)
        body = MemberSerializer(member, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        try:
            update_member(request.user, member, **body.validated_data)
        except MemberError as error:
            raise _api_errors(error) from error
        member = self.get_queryset().get(pk=member.pk)
        return Response(MemberSerializer(member, context={"request": request}).data)
