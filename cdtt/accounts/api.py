"""API: tokens for the mobile and offline client, and managing accounts as the pages do.

`/api/v1/users/` lists the accounts the caller manages or sees (as the page does); its
actions (`code`, `unlock`, `deactivate`, `reactivate`, `role`) call the same writers, with
the same answers: 404 outside the subtree, 403 without the right. A new code is never in
the answer: it is printed from the slip page (or sent by SMS where configured).
`/api/v1/tokens/` lists the caller's devices; DELETE revokes one (its owner, or whoever
manages the owner).
"""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.response import Response
from rest_framework.views import APIView

from cdtt import api_params
from cdtt.http import JSONParser
from cdtt.orgunits.models import OrgUnit
from cdtt.text import ApiLine

from . import lifecycle, lockout
from .access import Action, access_user, can_list, may
from .models import ApiToken, Role, User
from .scoping import as_id, scope
from .selectors import STATES, account_list, masked, state_of
from .tokens import create_token, device_of


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    device = ApiLine(max_length=120, required=False, allow_blank=True)


class TokenView(APIView):
    """POST username (or phone number) and password; answers {"token": "…"}.

    Failures count like the web login's (cdtt.accounts.lockout): from the third one the
    answer says how many tries are left (`tries_left`); a locked account answers 429. It
    ignores any session cookie: credentials alone decide. Each call makes a new token for
    the device named in `device` (or the client's User-Agent).
    """

    authentication_classes = []
    permission_classes = []
    # Clients have long posted the login as a form too; the rest of the API takes JSON only.
    parser_classes = [JSONParser, parsers.FormParser, parsers.MultiPartParser]

    @extend_schema(
        tags=["auth"],
        request=TokenRequest,
        responses={
            200: inline_serializer("NewToken", {"token": serializers.CharField()}),
            # A field's errors, or the refusal, with the tries left from the third failure on.
            400: {
                "type": "object",
                "properties": {
                    "non_field_errors": {"type": "array", "items": {"type": "string"}},
                    "tries_left": {"type": "integer"},
                    "detail": {"type": "string"},  # a body that cannot be read
                },
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    )
    def post(self, request, *args, **kwargs):
        given = TokenRequest(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        found = lockout.outcome(request)
        if user is None and found.locked:
            return Response(
                {"detail": _("Too many failed logins. Wait one hour, or ask to be unlocked.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            errors = {"non_field_errors": [_("Wrong username, phone number or password.")]}
            if found.inactive:
                errors = {"non_field_errors": [_("This account is closed.")]}
            if found.tries_left:
                errors["tries_left"] = found.tries_left
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        return Response({"token": create_token(user, device_of(request, data.get("device", "")))})


class AccountSerializer(serializers.ModelSerializer):
    """An account as the list and its page show it (the phone only masked)."""

    name = serializers.CharField(source="get_full_name")
    unit = serializers.CharField(source="orgunit.name", default="")
    state = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "phone", "role", "orgunit", "unit", "state",
                  "last_login", "date_joined"]  # fmt: skip

    def get_state(self, user) -> str:
        return state_of(user)

    def get_phone(self, user) -> str:
        return masked(user.phone or "")


class RoleRequest(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    orgunit = serializers.IntegerField(required=False, allow_null=True)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Accounts of the caller's area: `?q=` name or phone, `?state=` active, pending,
    locked or closed."""

    serializer_class = AccountSerializer
    queryset = User.objects.none()  # for the schema's types; get_queryset scopes the real one

    def get_queryset(self):
        if not can_list(self.request.user):
            raise Forbidden
        if self.action != "list":
            return account_list(self.request.user)
        params = self.request.query_params  # read strictly: a wrong filter is a 400
        return account_list(
            self.request.user,
            api_params.text(params, "q"),
            api_params.choice(params, "state", STATES) or "",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="name or phone number"),
            OpenApiParameter("state", str, enum=list(STATES)),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        pk = as_id(self.kwargs["pk"])
        if pk is None:
            raise NotFound
        user = access_user(self.request.user, pk)
        if not can_list(self.request.user):
            raise Forbidden
        found = self.get_queryset().filter(pk=user.pk).first()
        if found is None:
            raise NotFound
        return found

    def _act(self, write) -> Response:
        user = self.get_object()
        try:
            write(user)
        except PermissionDenied as error:
            raise Forbidden from error
        except lifecycle.AccountError as error:
            raise ValidationError(error.errors) from error
        return Response(AccountSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def code(self, request, pk=None):
        """Issue a new code (a reset): print it from `slip` (or it goes by SMS)."""
        answer = self._act(lambda user: lifecycle.issue_code(request.user, user))
        answer.data["slip"] = reverse("accounts:user_slip", args=[answer.data["id"]])
        return answer

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._act(lambda user: lifecycle.unlock(request.user, user))

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._act(lambda user: lifecycle.deactivate(request.user, user))

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self._act(lambda user: lifecycle.reactivate(request.user, user))

    @extend_schema(request=RoleRequest, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        """Another role and unit (`orgunit`: an id inside the caller's area)."""
        user = self.get_object()
        if not may(request.user, Action.GRANT, user):
            raise Forbidden
        given = RoleRequest(data=request.data)
        given.is_valid(raise_exception=True)
        unit_id = given.validated_data.get("orgunit", user.orgunit_id)
        unit = None
        if unit_id is not None:
            unit = scope(request.user, OrgUnit.objects.filter(pk=unit_id)).first()
            if unit is None:
                raise ValidationError({"orgunit": [_("No such unit in your area.")]})
        role = given.validated_data["role"]
        return self._act(lambda u: lifecycle.change_role(request.user, u, role, unit))


class DeviceTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "user", "device", "created_at", "last_used_at"]


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's API tokens (`?user=` an account they manage); DELETE revokes one."""

    serializer_class = DeviceTokenSerializer

    def get_queryset(self):
        wanted = (
            api_params.identifier(self.request.query_params, "user")
            if self.action == "list"
            else None
        )
        if self.action == "list" and wanted:
            owner = access_user(self.request.user, wanted)
            mine = owner.pk == self.request.user.pk
            if not mine and not may(self.request.user, Action.TOKENS, owner):
                raise Forbidden
            return ApiToken.objects.filter(user=owner)
        if self.action == "list":
            return ApiToken.objects.filter(user=self.request.user)
        return ApiToken.objects.select_related("user__orgunit")

    @extend_schema(parameters=[OpenApiParameter("user", int, description="an account's id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        pk = as_id(self.kwargs["pk"])
        tokens = self.get_queryset()
        token = tokens.filter(pk=pk, user=self.request.user).first() if pk else None
        if token is None and pk:
            token = scope(self.request.user, tokens).filter(pk=pk).first()
        if token is None:
            raise NotFound
        return token

    def perform_destroy(self, instance):
        try:
            lifecycle.revoke_token(self.request.user, instance)
        except PermissionDenied as error:
            raise Forbidden from error
