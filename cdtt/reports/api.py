"""API v1: monthly reports and their actions, and completeness."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cdtt.accounts.scoping import ID_PATTERN, as_id, get_in_scope, scope
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.models import Team

from . import workflow
from .completeness import rollup
from .figures import member_figures
from .models import MonthlyReport


class TransitionSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(source="actor.username", default=None)
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class ReportSerializer(serializers.ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = ["id", "team", "member", "period", "status", "difficulties", "proposals",
                  "submitted_at", "figures", "transitions"]  # fmt: skip
        read_only_fields = ["status", "submitted_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, report) -> dict:
        figures = member_figures(report.member, report.team, Period.parse(report.period))
        return {"total": figures.total.values, "days_active": figures.total.days_active}


CommentSerializer = inline_serializer(
    "ReportComment",
    {"comment": serializers.CharField(required=False, allow_blank=True, max_length=2000)},
)
WordsSerializer = inline_serializer(
    "ReportWords",
    {
        "difficulties": serializers.CharField(required=False, allow_blank=True, max_length=4000),
        "proposals": serializers.CharField(required=False, allow_blank=True, max_length=4000),
    },
)
UnlockSerializer = inline_serializer(
    "MonthUnlock", {"reason": serializers.CharField(max_length=2000)}
)


def _period(value) -> Period:
    try:
        return Period.parse(value or "")
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from error


def _act(function, *args):
    try:
        return function(*args)
    except workflow.ReportError as error:
        raise ValidationError({"detail": str(error)}) from error


@extend_schema(
    parameters=[
        OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM"),
        OpenApiParameter("team", OpenApiTypes.INT),
        OpenApiParameter("status", OpenApiTypes.STR),
    ]
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Members' monthly reports in the caller's subtree, and the workflow actions."""

    serializer_class = ReportSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        reports = scope(
            self.request.user,
            MonthlyReport.objects.select_related("team__unit", "member").prefetch_related(
                "transitions__actor"
            ),
        )
        params = self.request.query_params
        if params.get("period"):
            reports = reports.filter(period=str(_period(params["period"])))
        if as_id(params.get("team")) is not None:
            reports = reports.filter(team_id=as_id(params["team"]))
        if params.get("status"):
            reports = reports.filter(status=params["status"])
        return reports.order_by("period", "team_id", "member__name_sort")

    def _answer(self, report):
        report.refresh_from_db()
        return Response(self.get_serializer(report).data)

    @extend_schema(request=WordsSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        _act(
            workflow.submit_report,
            request.user,
            report,
            request.data.get("difficulties"),
            request.data.get("proposals"),
        )
        return self._answer(report)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        report = self.get_object()
        _act(workflow.confirm_report, request.user, report, request.data.get("comment", ""))
        return self._answer(report)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        _act(workflow.return_report, request.user, report, request.data.get("comment", ""))
        return self._answer(report)


MonthSerializer = inline_serializer(
    "TeamMonthState",
    {
        "team": serializers.IntegerField(),
        "period": serializers.CharField(),
        "approved": serializers.BooleanField(),
    },
)


class TeamMonthActionView(APIView):
    """POST /api/v1/teams/{id}/months/{YYYY-MM}/approve/ or …/unlock/ {"reason": …}"""

    @extend_schema(request=UnlockSerializer, responses=MonthSerializer)
    def post(self, request, team_id: int, period: str, verb: str):
        team = get_in_scope(request.user, Team.objects.select_related("unit"), pk=team_id)
        month_period = _period(period)
        if verb == "approve":
            month = _act(workflow.approve_month, request.user, team, month_period)
        else:
            month = _act(
                workflow.unlock_team_month,
                request.user,
                team,
                month_period,
                request.data.get("reason", ""),
            )
        return Response(
            {"team": team.pk, "period": str(month_period), "approved": month.approved},
            status=status.HTTP_200_OK,
        )


class CompletenessView(APIView):
    """Completeness of a unit for a month, and of each unit one level down."""

    @extend_schema(
        parameters=[
            OpenApiParameter("orgunit", OpenApiTypes.INT, required=True),
            OpenApiParameter("period", OpenApiTypes.STR, required=True, description="YYYY-MM"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        period = _period(request.query_params.get("period"))
        unit_id = as_id(request.query_params.get("orgunit"))
        if unit_id is None:
            raise ValidationError({"orgunit": ["an id is required"]})
        unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=unit_id)
        result = rollup(unit, period, rows=False)
        return Response(
            {
                "orgunit": unit.pk,
                "period": str(period),
                "deadline": result["deadline"].date().isoformat(),
                "total": result["total"].as_dict(),
                "children": [
                    {"orgunit": child.pk, "name": child.name, **summary.as_dict()}
                    for child, summary in result["children"]
                ],
            }
        )
