"""API v1 routes: /api/v1/…"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cdtt.accounts.api import TokenView
from cdtt.activities.api import ActivityTypeViewSet, ActivityViewSet
from cdtt.orgunits.api import OrgUnitViewSet

router = DefaultRouter()
router.register("orgunits", OrgUnitViewSet, basename="orgunit")
router.register("activity-types", ActivityTypeViewSet, basename="activity-type")
router.register("activities", ActivityViewSet, basename="activity")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
