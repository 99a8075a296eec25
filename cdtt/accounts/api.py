"""API: tokens for the mobile and offline client."""

from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken


class TokenView(ObtainAuthToken):
    """POST username (or phone number) and password; answers {"token": "…"}."""

    @extend_schema(tags=["auth"])
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
