"""API v1 routes: /api/v1/…"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cdtt.accounts.api import TokenView
from cdtt.orgunits.api import OrgUnitViewSet

router = DefaultRouter()
router.register("orgunits", OrgUnitViewSet, basename="orgunit")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
