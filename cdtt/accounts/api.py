"""API: tokens for the mobile and offline client."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response


class TokenView(ObtainAuthToken):
    """POST username (or phone number) and password; answers {"token": "…"}.

    After repeated failures the account and the address are locked (429), like the web login.
    It ignores any session cookie: credentials alone decide.
    """

    authentication_classes = []

    @extend_schema(tags=["auth"])
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {"detail": _("Too many failed logins. Wait one hour and try again.")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
