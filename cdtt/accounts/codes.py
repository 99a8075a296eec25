"""One-time activation codes (mã kích hoạt): eight digits, valid ACTIVATION_CODE_DAYS, used once.

Digits only, because a Vietnamese phone types letters through Telex or VNI, which turn
"dd" into "đ" and "a1" into "á"; a numeric keypad has no such surprise, and no 0/O or 1/l
to confuse on paper. Eight digits give 10⁸ codes per account, and guessing is bounded by
the lockout (a handful of tries an hour per account).

The code is never stored. `digest` is a keyed hash (the server's secret key) that checks a
typed code; `seed` is a random value from which the same secret derives the code again, so
that an officer allowed to see the member can print the slip while the code is still
valid. A copy of the database alone reveals no code.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from cdtt.vietnamese import looks_like_phone, normalize_phone

from .models import ActivationCode, User

DIGITS = 8
ACTIVATION_PATH = "/kich-hoat/"
QUERY_NAME = "ma"  # "mã": /kich-hoat/?ma=12345678


def derive(seed: str) -> str:
    """The code a seed stands for, with the server's secret key."""
    mac = salted_hmac("cdtt.accounts.codes.derive", seed, algorithm="sha256").digest()
    return f"{int.from_bytes(mac[:8], 'big') % 10**DIGITS:0{DIGITS}d}"


def digest(user_id: int, code: str) -> str:
    """The keyed hash that is stored to check a code typed for this account."""
    mac = salted_hmac("cdtt.accounts.codes.check", f"{user_id}:{code}", algorithm="sha256")
    return mac.hexdigest()


def new_code(
    user: User, *, issued_by: User | None, kind: str, now=None, batch: str = ""
) -> ActivationCode:
    """An unsaved code for the user (the caller saves it, one by one or in bulk)."""
    now = now or timezone.now()
    seed = secrets.token_hex(16)
    code = ActivationCode(
        user=user,
        kind=kind,
        batch=batch,
        seed=seed,
        digest=digest(user.pk, derive(seed)),
        issued_by=issued_by if getattr(issued_by, "pk", None) else None,
        expires_at=now + timedelta(days=settings.ACTIVATION_CODE_DAYS),
    )
    code.created_at = now
    return code


def clean(typed: object) -> str:
    """A code as typed ("1234 5678", "1234-5678", full-width digits…) in its stored form, or
    "" when it cannot be one."""
    text = unicodedata.normalize("NFKC", str(typed or ""))
    text = "".join(c for c in text if not c.isspace() and c not in "-.·_")
    return text if len(text) == DIGITS and text.isascii() and text.isdigit() else ""


def spaced(code: str) -> str:
    """A code as printed: two groups of four digits."""
    return f"{code[:4]} {code[4:]}"


def address(code: str) -> str:
    """The activation address with the code, as the slip's QR code holds it."""
    return f"{settings.SITE_URL}{ACTIVATION_PATH}?{QUERY_NAME}={code}"


WRONG = _("This phone number and code do not match. Check both and try again.")
USED = _("This code was already used. If you forgot your password, ask for a new code.")
EXPIRED = _("This code has expired. Ask your team leader or commune officer for a new one.")
REPLACED = _("A newer code was issued for this account; use the code on the newest slip.")


@dataclass
class Match:
    """What a phone and code typed together point at: the account (None when no account
    has the phone), the login to count failures against, the code, or why it is refused."""

    user: User | None
    login: str
    code: ActivationCode | None = None
    refusal: str = ""


def find(phone_typed: str, code_typed: str) -> Match:
    """The account and code a phone and code point at, or the refusal to show.

    Wrong, used, expired and replaced are told apart only when the code is right for the
    account, which only its holder knows; an unknown phone answers like a wrong code.
    """
    login, user = "", None
    if looks_like_phone(phone_typed or ""):
        try:
            login = normalize_phone(phone_typed)
        except ValueError:
            login = ""
    if login:
        user = User.objects.filter(phone=login).first()
    match = Match(user=user, login=login or (phone_typed or "").strip()[:150])
    code = clean(code_typed)
    wanted = digest(user.pk if user else 0, code)  # the same work for nobody, against timing
    if user is not None and code:
        for candidate in user.activation_codes.order_by("-created_at")[:20]:
            if constant_time_compare(candidate.digest, wanted):
                match.code = candidate
                break
    if match.code is None:
        match.refusal = str(WRONG)
    elif match.code.used_at is not None:
        match.refusal = str(USED)
    elif match.code.revoked_at is not None:
        match.refusal = str(REPLACED)
    elif match.code.expires_at <= timezone.now():
        match.refusal = str(EXPIRED)
    return match
