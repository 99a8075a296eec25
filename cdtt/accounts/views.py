"""Getting in: log in, the locked page, activation with a code (/kich-hoat/), forgotten
passwords, and one's own account (its API tokens, a new password)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import codes, lockout
from .backends import find_user
from .forms import CodeForm, ForgotForm, LoginForm, PasswordForm
from .lifecycle import AccountError, activate, request_sms_code
from .models import ActivationCode, ApiToken

BACKEND = "cdtt.accounts.backends.UsernameOrPhoneBackend"
HELD = "activation_held"  # the code checked in step one, waiting for a password
HOLD_SECONDS = 15 * 60
PREFILL = "activation_phone"
SMS_ASKS_PER_ADDRESS = 5  # an hour


def locked_page(request):
    """429: the account (or the address) is locked; says who can unlock it."""
    return render(request, "accounts/locked_out.html", status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        if lockout.outcome(self.request).locked:
            return locked_page(self.request)
        return super().form_invalid(form)


def _tries_left(found: lockout.Outcome) -> str:
    if not found.tries_left:
        return ""
    return ngettext(
        "%(n)d try left before this account is locked for a while.",
        "%(n)d tries left before this account is locked for a while.",
        found.tries_left,
    ) % {"n": found.tries_left}


@never_cache
@require_http_methods(["GET", "POST"])
def activate_code(request):
    """Step one: the phone number and the code of a slip or an SMS (the QR code fills in
    the code). Wrong codes count towards the lockout like wrong passwords."""
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            match = codes.find(form.cleaned_data["phone"], form.cleaned_data["code"])
            attempt = lockout.Attempt.of(request, match.user, match.login)
            if lockout.is_locked(attempt):
                return locked_page(request)
            if not match.refusal:
                request.session[HELD] = {"code": match.code.pk, "at": int(time.time())}
                return redirect("accounts:activate_password")
            if match.code is None:  # a guess; used or expired codes were right once
                found = lockout.failed(attempt)
                if found.locked:
                    return locked_page(request)
                form.add_error(None, match.refusal)
                if found.tries_left:
                    form.add_error(None, _tries_left(found))
            else:
                form.add_error(None, match.refusal)
    else:
        initial = {"code": request.GET.get(codes.QUERY_NAME, "")[:30]}
        initial["phone"] = request.session.pop(PREFILL, "")
        form = CodeForm(initial=initial)
    return render(request, "accounts/activate.html", {"form": form})


def _held_code(request) -> ActivationCode | None:
    held = request.session.get(HELD) or {}
    if not held or time.time() - held.get("at", 0) > HOLD_SECONDS:
        return None
    return ActivationCode.objects.pending().select_related("user").filter(pk=held["code"]).first()


@never_cache
@require_http_methods(["GET", "POST"])
def activate_password(request):
    """Step two: the member chooses a password, is signed in and lands on the entry page."""
    code = _held_code(request)
    if code is None:
        request.session.pop(HELD, None)
        messages.error(request, _("Type your phone number and code again."))
        return redirect("accounts:activate")
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = activate(
                code, form.cleaned_data["password"], form.cleaned_data["password_again"]
            )
        except AccountError as error:
            for name, texts in error.errors.items():
                form.add_error(name if name in form.fields else None, texts)
        else:
            request.session.pop(HELD, None)
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("Your account is ready. Log in next time with your phone number %(phone)s.")
                % {"phone": user.phone},
            )
            return redirect("activities:entry")
    return render(request, "accounts/activate_password.html", {"form": form, "person": code.user})


def _sms_allowed(request) -> bool:
    """At most SMS_ASKS_PER_ADDRESS requests an hour from one address (each costs an SMS)."""
    attempt = lockout.Attempt.of(request, None, "")
    key = f"accounts:sms:{attempt.address[:32]}:{int(time.time() // 3600)}"
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        return cache.incr(key) <= SMS_ASKS_PER_ADDRESS
    except ValueError:
        return True


@never_cache
@require_http_methods(["GET", "POST"])
def forgot(request):
    """Quên mật khẩu: a code by SMS where SMS is configured (the same answer whether or not
    the phone has an account); otherwise whom to ask."""
    form = ForgotForm(request.POST or None)
    if settings.SMS_ENABLED and request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if _sms_allowed(request):
            request_sms_code(find_user(phone) if phone.strip() else None)
        request.session[PREFILL] = phone[:30]
        messages.info(
            request,
            _("If this phone number has an account, a code was sent to it by SMS. "
              "Type it below with your phone number, then choose a new password."),
        )  # fmt: skip
        return redirect("accounts:activate")
    return render(request, "accounts/forgot.html", {"form": form, "sms": settings.SMS_ENABLED})


@login_required
def me(request):
    """One's own account: who and where, the devices with an API token, a new password."""
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/me.html", {"account": request.user, "tokens": tokens})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)
