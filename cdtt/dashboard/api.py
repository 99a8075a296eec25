"""API v1: GET /api/v1/stats/ — the dashboard's figures for a unit and a range of months."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cdtt.accounts.scoping import get_in_scope, root_unit
from cdtt.orgunits.models import OrgUnit

from .months import MonthsError, months_from
from .stats import unit_stats


class StatsParticipationSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    seats = serializers.IntegerField(help_text="(member, team) pairs held during the range")
    active = serializers.IntegerField(help_text="seats with at least one activity")
    performing = serializers.IntegerField()
    activities = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="active / seats")


class StatsSeatSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    team = serializers.IntegerField()
    unit = serializers.CharField()
    activities = serializers.IntegerField()
    last_date = serializers.DateField(allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)


class StatsUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


class StatsTotalsSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    count = serializers.IntegerField(help_text="sum of every type's count")
    people = serializers.IntegerField(help_text="the count of the types that count people")
    women = serializers.IntegerField()
    ethnic_minority = serializers.IntegerField()
    elderly = serializers.IntegerField()
    households_without_smartphone = serializers.IntegerField()


class StatsTypeLineSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="the activity type's code")
    name = serializers.CharField()
    counts = serializers.CharField(help_text="what `count` counts: people, applications…")
    activities = serializers.IntegerField()
    count = serializers.IntegerField()
    women = serializers.IntegerField()
    ethnic_minority = serializers.IntegerField()
    elderly = serializers.IntegerField()
    households_without_smartphone = serializers.IntegerField()


class StatsCompletenessSerializer(serializers.Serializer):
    period = serializers.CharField()
    expected = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    pending = serializers.IntegerField()
    missing = serializers.IntegerField()
    rate = serializers.FloatField()


class StatsCoverageLineSerializer(serializers.Serializer):
    orgunit = serializers.IntegerField()
    name = serializers.CharField()
    villages = serializers.IntegerField(help_text="villages with a baseline")
    households = serializers.IntegerField()
    households_reached = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    households_without_smartphone = serializers.IntegerField()
    met_without_smartphone = serializers.IntegerField()


class StatsCoverageSerializer(serializers.Serializer):
    total = StatsCoverageLineSerializer()
    children = StatsCoverageLineSerializer(many=True)


class StatsTrendPointSerializer(serializers.Serializer):
    period = serializers.CharField()
    activities = serializers.IntegerField()
    people = serializers.IntegerField()
    seats = serializers.IntegerField()
    active = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class StatsRankingLineSerializer(serializers.Serializer):
    orgunit = serializers.IntegerField()
    name = serializers.CharField()
    seats = serializers.IntegerField()
    active = serializers.IntegerField()
    performing = serializers.IntegerField()
    activities = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()
    people = serializers.IntegerField()
    completeness = serializers.FloatField(allow_null=True)


class StatsFeedbackSerializer(serializers.Serializer):
    requests = serializers.IntegerField()
    done = serializers.IntegerField()
    rated = serializers.IntegerField()
    rated_high = serializers.IntegerField()
    share_rated_high = serializers.FloatField(allow_null=True)
    median_days_to_help = serializers.FloatField(allow_null=True)


class StatsNotInspectedSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    unit = serializers.CharField()
    last_inspected = serializers.DateField(allow_null=True)


class StatsFollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    team = serializers.IntegerField()
    unit = serializers.CharField()
    task = serializers.CharField()
    due_date = serializers.DateField()


class StatsSerializer(serializers.Serializer):
    orgunit = StatsUnitSerializer()
    from_ = serializers.CharField(help_text="YYYY-MM")
    to = serializers.CharField(help_text="YYYY-MM")
    reference_day = serializers.DateField(help_text="the last day of `to`, or today")
    performing_threshold = serializers.IntegerField(help_text="activities a month")
    totals = StatsTotalsSerializer()
    by_type = StatsTypeLineSerializer(many=True)
    participation = StatsParticipationSerializer()
    by_affiliation = StatsParticipationSerializer(many=True)
    by_age_band = StatsParticipationSerializer(many=True)
    performing = StatsSeatSerializer(many=True)
    dropouts = StatsSeatSerializer(many=True)
    inactive = StatsSeatSerializer(many=True)
    completeness = StatsCompletenessSerializer()
    coverage = StatsCoverageSerializer()
    trend = StatsTrendPointSerializer(many=True)
    ranking = StatsRankingLineSerializer(many=True)
    feedback = StatsFeedbackSerializer(allow_null=True)
    not_inspected = StatsNotInspectedSerializer(many=True)
    overdue_follow_ups = StatsFollowUpSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class StatsView(APIView):
    """The dashboard's figures for a unit of the caller's subtree (steering committees)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "orgunit", OpenApiTypes.INT, description="default: the caller's own unit"
            ),
            OpenApiParameter("from", OpenApiTypes.STR, description="YYYY-MM; default: `to`"),
            OpenApiParameter("to", OpenApiTypes.STR, description="YYYY-MM; default: last month"),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        params = request.query_params
        unit_id = params.get("orgunit", "")
        if unit_id:
            if not unit_id.isdigit():
                raise ValidationError({"orgunit": ["an id is required"]})
            unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=int(unit_id))
        else:
            unit = root_unit(request.user)
            if unit is None:
                raise ValidationError({"orgunit": ["an id is required"]})
        if not request.user.is_officer:
            raise PermissionDenied
        try:
            first, last = months_from(params.get("from"), params.get("to"))
        except MonthsError as error:
            raise ValidationError({error.field: [str(error)]}) from error
        return Response(StatsSerializer(unit_stats(unit, first, last)).data)
