"""API v1 routes: /api/v1/…"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cdtt.accounts.api import ApiTokenViewSet, TokenView, UserViewSet
from cdtt.activities.api import ActivityTypeViewSet, ActivityViewSet
from cdtt.dashboard.api import StatsListView, StatsView
from cdtt.helpsessions.api import SessionViewSet
from cdtt.orgunits.api import OrgUnitViewSet
from cdtt.reports.api import (
    CompletenessView,
    ReportViewSet,
    TeamMonthApproveView,
    TeamMonthUnlockView,
)
from cdtt.skills.api import ConfirmViewSet, LevelViewSet, TaskViewSet
from cdtt.teams.api import MemberViewSet, TeamViewSet

router = DefaultRouter()
router.register("orgunits", OrgUnitViewSet, basename="orgunit")
router.register("activity-types", ActivityTypeViewSet, basename="activity-type")
router.register("activities", ActivityViewSet, basename="activity")
router.register("teams", TeamViewSet, basename="team")
router.register("members", MemberViewSet, basename="member")
router.register("reports", ReportViewSet, basename="report")
router.register("users", UserViewSet, basename="user")
router.register("tokens", ApiTokenViewSet, basename="api-token-device")
router.register("sessions", SessionViewSet, basename="session")
router.register("skills/tasks", TaskViewSet, basename="skill-task")
router.register("skills/levels", LevelViewSet, basename="skill-level")
router.register("skills/confirmations", ConfirmViewSet, basename="skill-confirmation")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("completeness/", CompletenessView.as_view(), name="api-completeness"),
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("stats/<str:kind>/", StatsListView.as_view(), name="api-stats-list"),
    path(
        "teams/<int:team_id>/months/<str:period>/approve/",
        TeamMonthApproveView.as_view(),
        {"verb": "approve"},
        name="api-team-month-approve",
    ),
    path(
        "teams/<int:team_id>/months/<str:period>/unlock/",
        TeamMonthUnlockView.as_view(),
        {"verb": "unlock"},
        name="api-team-month-unlock",
    ),
    path("", include(router.urls)),
]
