"""Forms of the accounts pages: parse what was typed; the rules live in `lifecycle`."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from cdtt.text import LineField

from . import lockout
from .models import Role


class LoginForm(AuthenticationForm):
    """Django's login form, saying that a phone number works as well as a username, how
    many tries are left once a few failed, and why a closed account cannot log in."""

    error_messages = {
        "invalid_login": _("Wrong username, phone number or password. Check and try again."),
        "inactive": _(
            "This account is closed (no longer on a team, or closed by an officer). "
            "Ask your commune officer."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or phone number")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].label = _("Password")

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            found = lockout.outcome(self.request) if self.request is not None else None
            if found is not None and found.inactive:
                raise forms.ValidationError(
                    self.error_messages["inactive"], code="inactive"
                ) from None
            if found is not None and found.tries_left:
                left = ngettext(
                    "%(n)d try left before this account is locked for a while.",
                    "%(n)d tries left before this account is locked for a while.",
                    found.tries_left,
                ) % {"n": found.tries_left}
                raise forms.ValidationError(
                    [self.error_messages["invalid_login"], left], code="invalid_login"
                ) from None
            raise


class CodeForm(forms.Form):
    """Step one of activation (or of a reset): the phone number and the code."""

    phone = forms.CharField(label=_("Phone number"), max_length=30)
    code = forms.CharField(
        label=_("Code (8 digits)"),
        max_length=30,
        help_text=_("Printed on your slip, or sent to you by SMS."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "type": "tel"}
        )
        self.fields["phone"].widget.input_type = "tel"
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "autocapitalize": "none"}
        )


class PasswordForm(forms.Form):
    """Step two: the password the member chooses."""

    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits; easy for you, hard to guess."),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ForgotForm(forms.Form):
    phone = forms.CharField(label=_("Phone number"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})


STATE_CHOICES = [
    ("", _("All states")),
    ("active", pgettext_lazy("account state", "Active")),
    ("pending", pgettext_lazy("account state", "Not yet activated")),
    ("locked", pgettext_lazy("account state", "Locked")),
    ("closed", pgettext_lazy("account state", "Closed")),
]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or phone number"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class RoleForm(forms.Form):
    """A new role and unit, among those the actor may give."""

    role = forms.ChoiceField(label=_("Role"))
    orgunit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, roles: list[str], units: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["orgunit"].choices = [(u.pk, u.name) for u in units]


class NewAccountForm(RoleForm):
    """An account for someone who is not on a team list (an officer)."""

    full_name = LineField(label=_("Full name"), max_length=150)
    phone = LineField(label=_("Phone number"), max_length=30)
    field_order = ["full_name", "phone", "role", "orgunit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
