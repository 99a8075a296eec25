"""API v1: monthly reports and their actions, and completeness."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cdtt import api_params
from cdtt.accounts.scoping import ID_PATTERN, get_in_scope, scope
from cdtt.orgunits.models import OrgUnit
from cdtt.periods import Period
from cdtt.teams.access import reads_area_work, work_of
from cdtt.teams.models import Team
from cdtt.text import ApiText

from . import actions
from .completeness import rollup
from .figures import member_figures
from .forms import COMMENT_LENGTH, WORDS_LENGTH
from .models import MonthlyReport, Status


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


class ReportCommentSerializer(serializers.Serializer):
    """The leader's comment when confirming or returning a report."""

    comment = ApiText(required=False, allow_blank=True, max_length=COMMENT_LENGTH)


class ReportWordsSerializer(serializers.Serializer):
    """The member's own words, sent with the report (left as they are when omitted)."""

    difficulties = ApiText(required=False, allow_blank=True, max_length=WORDS_LENGTH)
    proposals = ApiText(required=False, allow_blank=True, max_length=WORDS_LENGTH)


class MonthUnlockSerializer(serializers.Serializer):
    """Why an approved month is reopened."""

    reason = ApiText(max_length=COMMENT_LENGTH)


def _body(serializer_class, request) -> dict:
    """The request's body checked by its documented serializer: 400 field by field."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _period(value) -> Period:
    try:
        return Period.parse(value or "")
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from error


def _act(function, *args):
    try:
        return function(*args)
    except actions.ReportError as error:
        raise ValidationError({error.field or "detail": str(error)}) from error


@extend_schema(
    parameters=[
        OpenApiParameter(
            "period", OpenApiTypes.STR, description="YYYY-MM", pattern=api_params.MONTH_PATTERN
        ),
        OpenApiParameter("team", OpenApiTypes.INT),
        OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
    ]
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Members' monthly reports in the caller's subtree, and the workflow actions."""

    serializer_class = ReportSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        # A member reads her own reports (and those of a team she leads): access.work_of.
        reports = work_of(
            self.request.user,
            scope(
                self.request.user,
                MonthlyReport.objects.select_related("team__unit", "member").prefetch_related(
                    "transitions__actor"
                ),
            ),
        )
        params = self.request.query_params
        period = api_params.month(params, "period")
        if period is not None:
            reports = reports.filter(period=str(period))
        team = api_params.identifier(params, "team")
        if team is not None:
            reports = reports.filter(team_id=team)
        status_ = api_params.choice(params, "status", Status.values)
        if status_ is not None:
            reports = reports.filter(status=status_)
        return reports.order_by("period", "team_id", "member__name_sort")

    def _answer(self, report):
        report.refresh_from_db()
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReportWordsSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        words = _body(ReportWordsSerializer, request)
        _act(
            actions.submit_report,
            request.user,
            report,
            words.get("difficulties"),
            words.get("proposals"),
        )
        return self._answer(report)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        report = self.get_object()
        comment = _body(ReportCommentSerializer, request).get("comment", "")
        _act(actions.confirm_report, request.user, report, comment)
        return self._answer(report)

    @extend_schema(request=ReportCommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        comment = _body(ReportCommentSerializer, request).get("comment", "")
        _act(actions.return_report, request.user, report, comment)
        return self._answer(report)


MonthSerializer = inline_serializer(
    "TeamMonthState",
    {
        "team": serializers.IntegerField(),
        "period": serializers.CharField(),
        "approved": serializers.BooleanField(),
    },
)


MONTH_IN_PATH = OpenApiParameter(
    "period", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=api_params.MONTH_PATTERN
)


class TeamMonthActionView(APIView):
    """POST /api/v1/teams/{id}/months/{YYYY-MM}/approve/ or …/unlock/ {"reason": …}"""

    def post(self, request, team_id: int, period: str, verb: str):
        team = get_in_scope(request.user, Team.objects.select_related("unit"), pk=team_id)
        month_period = _period(period)
        if verb == "approve":
            month = _act(actions.approve_month, request.user, team, month_period)
        else:
            reason = _body(MonthUnlockSerializer, request)["reason"]
            month = _act(actions.unlock_team_month, request.user, team, month_period, reason)
        return Response(
            {"team": team.pk, "period": str(month_period), "approved": month.approved},
            status=status.HTTP_200_OK,
        )


class TeamMonthApproveView(TeamMonthActionView):
    """The commune approves the team's month, which locks it (no body)."""

    @extend_schema(request=None, responses=MonthSerializer, parameters=[MONTH_IN_PATH])
    def post(self, request, team_id: int, period: str, verb: str = "approve"):
        return super().post(request, team_id, period, "approve")


class TeamMonthUnlockView(TeamMonthActionView):
    """The province reopens an approved month, saying why."""

    @extend_schema(
        request=MonthUnlockSerializer, responses=MonthSerializer, parameters=[MONTH_IN_PATH]
    )
    def post(self, request, team_id: int, period: str, verb: str = "unlock"):
        return super().post(request, team_id, period, "unlock")


class CompletenessView(APIView):
    """Completeness of a unit for a month, and of each unit one level down."""

    @extend_schema(
        parameters=[
            OpenApiParameter("orgunit", OpenApiTypes.INT, required=True),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                required=True,
                description="YYYY-MM",
                pattern=api_params.MONTH_PATTERN,
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        period = api_params.month(request.query_params, "period")
        unit_id = api_params.identifier(request.query_params, "orgunit")
        for name, value in (("orgunit", unit_id), ("period", period)):
            if value is None:
                raise ValidationError({name: [_("This parameter is required.")]})
        unit = get_in_scope(request.user, OrgUnit.objects.all(), pk=unit_id)
        if not reads_area_work(request.user):
            raise PermissionDenied
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
