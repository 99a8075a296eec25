"""API v1: GET /api/v1/stats/ — the dashboard's figures for a unit and a range of months; its
lists of seats a page at a time: GET /api/v1/stats/<list>/?page=N."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from cdtt import api_params
from cdtt.accounts.scoping import get_in_scope, root_unit
from cdtt.helpsessions.api import SessionFiguresSerializer
from cdtt.helpsessions.figures import as_data as session_figures
from cdtt.orgunits.models import OrgUnit
from cdtt.skills.api import SkillsStatsSerializer

from .months import MonthsError, months_from
from .stats import SEAT_LISTS, seat_page, unit_stats
from .tables import (
    BY_TYPE,
    COMPLETENESS,
    COVERAGE,
    DATE,
    FOLLOW_UPS,
    INT,
    NOT_INSPECTED,
    PARTICIPATION,
    RANKING,
    SEAT,
    SHARE,
    TEXT,
    TOTALS,
    TREND,
    Column,
)


class ShareField(serializers.FloatField):
    """A share (0..1) as the API gives it: four decimals."""

    def to_representation(self, value) -> float:
        return round(super().to_representation(value), 4)


FIELD_OF_KIND = {
    TEXT: serializers.CharField,
    INT: serializers.IntegerField,
    SHARE: ShareField,
    DATE: serializers.DateField,
}


def serializer_of(name: str, shape: list[Column]) -> type[serializers.Serializer]:
    """The serializer of a figure's rows, made from its shape: its api columns, in order
    (`name` names the schema's component, as a hand-written class would)."""
    fields = {
        c.key: FIELD_OF_KIND[c.kind](
            allow_null=c.nullable, **({"help_text": c.help_text} if c.help_text else {})
        )
        for c in shape
        if c.api
    }
    return type(name, (serializers.Serializer,), {"__module__": __name__, **fields})


StatsParticipationSerializer = serializer_of("StatsParticipationSerializer", PARTICIPATION)
StatsSeatSerializer = serializer_of("StatsSeatSerializer", SEAT)


class StatsSeatListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="seats in the whole list")
    next = serializers.URLField(allow_null=True, help_text="the next page of the list")
    previous = serializers.URLField(allow_null=True)
    results = StatsSeatSerializer(many=True)


class StatsUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


StatsTotalsSerializer = serializer_of("StatsTotalsSerializer", TOTALS)
StatsTypeLineSerializer = serializer_of("StatsTypeLineSerializer", BY_TYPE)
StatsCompletenessSerializer = serializer_of("StatsCompletenessSerializer", COMPLETENESS)
StatsCoverageLineSerializer = serializer_of("StatsCoverageLineSerializer", COVERAGE)


class StatsCoverageSerializer(serializers.Serializer):
    total = StatsCoverageLineSerializer()
    children = StatsCoverageLineSerializer(many=True)


StatsTrendPointSerializer = serializer_of("StatsTrendPointSerializer", TREND)
StatsRankingLineSerializer = serializer_of("StatsRankingLineSerializer", RANKING)


class StatsFeedbackSerializer(serializers.Serializer):
    requests = serializers.IntegerField()
    done = serializers.IntegerField()
    rated = serializers.IntegerField()
    rated_high = serializers.IntegerField()
    share_rated_high = serializers.FloatField(allow_null=True)
    median_days_to_help = serializers.FloatField(allow_null=True)


StatsNotInspectedSerializer = serializer_of("StatsNotInspectedSerializer", NOT_INSPECTED)
StatsFollowUpSerializer = serializer_of("StatsFollowUpSerializer", FOLLOW_UPS)


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
    performing = StatsSeatSerializer(many=True, help_text="the list's first page")
    performing_count = serializers.IntegerField(help_text="seats in the whole list")
    performing_next = serializers.URLField(allow_null=True, help_text="its next page")
    dropouts = StatsSeatSerializer(many=True, help_text="the list's first page")
    dropouts_count = serializers.IntegerField(help_text="seats in the whole list")
    dropouts_next = serializers.URLField(allow_null=True, help_text="its next page")
    inactive = StatsSeatSerializer(many=True, help_text="the list's first page")
    inactive_count = serializers.IntegerField(help_text="seats in the whole list")
    inactive_next = serializers.URLField(allow_null=True, help_text="its next page")
    completeness = StatsCompletenessSerializer()
    coverage = StatsCoverageSerializer()
    trend = StatsTrendPointSerializer(many=True)
    ranking = StatsRankingLineSerializer(many=True)
    feedback = StatsFeedbackSerializer(allow_null=True)
    not_inspected = StatsNotInspectedSerializer(many=True)
    overdue_follow_ups = StatsFollowUpSerializer(many=True)
    help_sessions = SessionFiguresSerializer()
    skills = SkillsStatsSerializer(help_text="members' skills: cdtt.skills.figures")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


MAX_PAGE = 10**9  # far past any list; "page" is a number of a sane size
UNIT_AND_MONTHS = [
    OpenApiParameter("orgunit", OpenApiTypes.INT, description="default: the caller's own unit"),
    OpenApiParameter(
        "from",
        OpenApiTypes.STR,
        description="YYYY-MM; default: `to`",
        pattern=api_params.MONTH_PATTERN,
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.STR,
        description="YYYY-MM; default: last month",
        pattern=api_params.MONTH_PATTERN,
    ),
]


def _unit_and_months(request):
    """The unit (of the caller's subtree) and the range of months the query asks for."""
    params = request.query_params
    unit_id = api_params.identifier(params, "orgunit")
    if unit_id is not None:
        unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=unit_id)
    else:
        unit = root_unit(request.user)
        if unit is None:
            raise ValidationError({"orgunit": ["an id is required"]})
    if not request.user.is_officer:
        raise PermissionDenied
    first, last = api_params.month(params, "from"), api_params.month(params, "to")
    try:
        first, last = months_from(first and str(first), last and str(last))
    except MonthsError as error:
        raise ValidationError({error.field: [str(error)]}) from error
    return unit, first, last


def _paged(found: dict, url: str, page: int, size: int) -> dict:
    """A list's page with the links to its neighbours (`url`: the list's first page), as the
    API's paginated lists have them."""
    previous = None
    if page == 2:
        previous = url
    elif page > 2:
        previous = replace_query_param(url, "page", page - 1)
    more = page * size < found["count"]
    return {
        "count": found["count"],
        "next": replace_query_param(url, "page", page + 1) if more else None,
        "previous": previous,
        "results": found["results"],
    }


def _list_url(request, kind: str, unit: OrgUnit, first, last) -> str:
    """The first page of a list, for the unit and months the query resolved to (so that its
    next pages stay on them if the month turns meanwhile)."""
    query = urlencode({"orgunit": unit.pk, "from": str(first), "to": str(last)})
    return request.build_absolute_uri(f"{reverse('api-stats-list', args=[kind])}?{query}")


class StatsView(APIView):
    """The dashboard's figures for a unit of the caller's subtree (steering committees). Of
    each list of seats, its first page, its size and the address of its next page."""

    @extend_schema(parameters=UNIT_AND_MONTHS, responses=StatsSerializer)
    def get(self, request):
        unit, first, last = _unit_and_months(request)
        size = settings.REST_FRAMEWORK["PAGE_SIZE"]
        stats = unit_stats(unit, first, last, size)
        stats["help_sessions"] = session_figures(unit, first, last)
        for kind in SEAT_LISTS:
            page = _paged(stats[kind], _list_url(request, kind, unit, first, last), 1, size)
            stats[kind] = page["results"]
            stats[f"{kind}_count"], stats[f"{kind}_next"] = page["count"], page["next"]
        return Response(StatsSerializer(stats).data)


class StatsListView(APIView):
    """One list of seats of the dashboard (performing, dropouts or inactive), a page at a
    time, in the dashboard's order."""

    @extend_schema(
        operation_id="v1_stats_seats_retrieve",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=SEAT_LISTS),
            *UNIT_AND_MONTHS,
            OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 10**9}),
        ],
        responses=StatsSeatListSerializer,
    )
    def get(self, request, kind: str):
        if kind not in SEAT_LISTS:
            raise NotFound
        unit, first, last = _unit_and_months(request)
        page = api_params.one(request.query_params, "page") or "1"
        if not page.isdecimal() or not 1 <= int(page) <= MAX_PAGE:
            raise ValidationError({"page": ["a page number (1, 2, …) is required"]})
        page, size = int(page), settings.REST_FRAMEWORK["PAGE_SIZE"]
        found = seat_page(unit, first, last, kind, page, size)
        if page > 1 and not found["results"]:
            raise NotFound({"page": [f"there is no page {page}"]})
        answer = _paged(found, _list_url(request, kind, unit, first, last), page, size)
        return Response(StatsSeatListSerializer(answer).data)
