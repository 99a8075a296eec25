"""Managing accounts inside one's subtree, without Django admin: the list, an account's
page and its actions, a new officer account, and the printable activation slips.

Reads go through `access` (outside the subtree: 404); writes through `lifecycle`, which
checks the right again (403) and audits.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cdtt.orgunits.models import Level, OrgUnit

from . import lifecycle, lockout
from .access import Action, access_user, can_list, grantable_roles, may, visible_users
from .forms import NewAccountForm, RoleForm, UserFilterForm
from .models import OFFICER_ROLES, ActivationCode, ApiToken, Role, User
from .scoping import root_unit, scope
from .selectors import account_list, masked, state_of
from .slips import activation_page, slips

PAGE_SIZE = 50


@login_required
def user_list(request):
    """Accounts of one's area: role, unit, last login, state; search and filter."""
    if not can_list(request.user):
        raise PermissionDenied
    form = UserFilterForm(request.GET or None)
    wanted = form.cleaned_data if form.is_valid() else {}
    users = account_list(request.user, wanted.get("q", ""), wanted.get("state", ""))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        user.state = state_of(user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": bool(_officer_roles(request.user)),
        "issue_url": _issue_url(request.user),
    }
    return render(request, "accounts/users.html", context)


def _issue_url(actor) -> str:
    """Where the actor issues accounts to members: their commune's or team's page (the
    teams app's); officers above a commune pick a team first."""
    if actor.role in (Role.COMMUNE, Role.LEADER) and actor.orgunit_id:
        return reverse("teams:issue_accounts", args=[actor.orgunit_id])
    return reverse("teams:index")


def _account(request, pk) -> User:
    """An account the actor may look at: 404 outside the subtree, or outside a leader's own
    unit; 403 for members."""
    user = access_user(request.user, pk)
    if not can_list(request.user):
        raise PermissionDenied
    if not visible_users(request.user).filter(pk=user.pk).exists():
        raise Http404
    return user


@login_required
@never_cache
def user_page(request, pk):
    """One account: who, where, its state, its code, its devices, and what one may do."""
    account = _account(request, pk)
    account.locked = User.objects.filter(pk=account.pk).filter(lockout.locked_users()).exists()
    account.state = state_of(account)
    account.login_shown = (
        masked(account.username) if account.username == account.phone else account.username
    )
    pending = ActivationCode.objects.filter(user=account, kind=ActivationCode.Kind.ISSUED).pending()
    allowed = {action: may(request.user, action, account) for action in Action}
    context = {
        "account": account,
        "pending": pending.order_by("-created_at").first(),
        "tokens": ApiToken.objects.filter(user=account) if allowed[Action.TOKENS] else [],
        "allowed": allowed,
    }
    return render(request, "accounts/user.html", context)


ACTIONS = {
    Action.ISSUE: lambda actor, user: lifecycle.issue_code(actor, user),
    Action.UNLOCK: lifecycle.unlock,
    Action.DEACTIVATE: lifecycle.deactivate,
    Action.REACTIVATE: lifecycle.reactivate,
}
DONE = {
    Action.ISSUE: _("A new code was issued: print the slip and hand it over."),
    Action.UNLOCK: _("The account was unlocked."),
    Action.DEACTIVATE: _("The account was closed: it can no longer log in."),
    Action.REACTIVATE: _("The account was reopened."),
}


@login_required
@require_POST
def user_action(request, pk, action):
    """Issue a new code (a reset), unlock, close or reopen an account."""
    account = _account(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[Action(action)](request.user, account)
    except lifecycle.AccountError as error:
        messages.error(request, str(error))
        return redirect("accounts:user", pk=account.pk)
    messages.success(request, DONE[Action(action)])
    if action == Action.ISSUE:
        return redirect("accounts:user_slip", pk=account.pk)
    return redirect("accounts:user", pk=account.pk)


def _units_for(actor, account: User | None) -> list[OrgUnit]:
    """Where the actor may bind an account: the account's unit and those above it, inside
    the actor's subtree (a new account: the actor's area and its communes)."""
    if account is not None and account.orgunit_id:
        units = OrgUnit.objects.filter(pk__in=[account.orgunit.pk, *account.orgunit.ancestor_ids])
    else:
        root = root_unit(actor)
        units = OrgUnit.objects.filter(level__in=(Level.PROVINCE, Level.COMMUNE))
        if root is not None:
            units = units.filter(Q(pk=root.pk) | Q(parent=root))
    return list(scope(actor, units).order_by("path"))


@login_required
@require_http_methods(["GET", "POST"])
def user_role(request, pk):
    """Give the account another role or unit, among those the actor may give."""
    account = _account(request, pk)
    if not may(request.user, Action.GRANT, account):
        raise PermissionDenied
    roles, units = grantable_roles(request.user), _units_for(request.user, account)
    form = RoleForm(
        request.POST or None,
        roles=roles,
        units=units,
        initial={"role": account.role, "orgunit": account.orgunit_id},
    )
    if request.method == "POST" and form.is_valid():
        unit = next((u for u in units if u.pk == form.cleaned_data["orgunit"]), None)
        try:
            lifecycle.change_role(request.user, account, form.cleaned_data["role"], unit)
        except lifecycle.AccountError as error:
            for name, texts in error.errors.items():
                form.add_error(name if name in form.fields else None, texts)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("accounts:user", pk=account.pk)
    return render(request, "accounts/user_role.html", {"account": account, "form": form})


def _officer_roles(actor) -> list[str]:
    return [r for r in grantable_roles(actor) if r in OFFICER_ROLES and r != Role.ADMIN]


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    """An account for an officer (members get theirs from their team's list)."""
    roles = _officer_roles(request.user)
    if not roles:
        raise PermissionDenied
    units = _units_for(request.user, None)
    form = NewAccountForm(request.POST or None, roles=roles, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next((u for u in units if u.pk == data["orgunit"]), None)
        try:
            user, _code = lifecycle.create_account(
                request.user, full_name=data["full_name"], phone=data["phone"],
                role=data["role"], orgunit=unit,
            )  # fmt: skip
        except lifecycle.AccountError as error:
            for name, texts in error.errors.items():
                form.add_error(name if name in form.fields else None, texts)
        else:
            messages.success(request, DONE[Action.ISSUE])
            return redirect("accounts:user_slip", pk=user.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/user_new.html", {"form": form}, status=status)


def _slips_page(request, pending, back: str):
    made = slips(request.user, list(pending.select_related("user__orgunit")))
    context = {"slips": made, "back": back, "page": activation_page()}
    return render(request, "accounts/slips.html", context)


@login_required
@never_cache
def user_slip(request, pk):
    """The slip of the account's code, while it may be used (no-store: codes, phones)."""
    account = _account(request, pk)
    if not may(request.user, Action.ISSUE, account):
        raise PermissionDenied
    pending = ActivationCode.objects.filter(user=account, kind=ActivationCode.Kind.ISSUED)
    return _slips_page(request, pending.pending(), back=reverse("accounts:user", args=[pk]))


@login_required
@never_cache
def batch_slips(request, batch):
    """The slips of one issuing run (a team, several, a commune) that the viewer may print."""
    pending = scope(request.user, ActivationCode.objects.filter(batch=batch)) if batch else None
    if pending is None or not pending.exists():
        raise Http404
    if not can_list(request.user):
        raise PermissionDenied
    return _slips_page(request, pending, back="")


@login_required
@require_POST
def token_revoke(request, pk):
    """End one device's API token: one's own, or of an account one manages."""
    tokens = ApiToken.objects.select_related("user__orgunit")
    token = tokens.filter(pk=pk, user=request.user).first()
    if token is None:
        token = scope(request.user, tokens).filter(pk=pk).first()
    if token is None:
        raise Http404
    lifecycle.revoke_token(request.user, token)
    messages.success(request, _("The device was signed out of the API."))
    if token.user_id == request.user.pk:
        return redirect("accounts:me")
    return redirect("accounts:user", pk=token.user_id)
