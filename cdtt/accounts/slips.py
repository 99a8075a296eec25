"""Activation slips (phiếu kích hoạt): what each printed slip says, with its QR code drawn on
the server as inline SVG (no script, no image request, nothing the CSP must allow).

A slip exists only while its code may be used, and only for whoever may give that account
a code: its codes and phone numbers are shown nowhere else.
"""

from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cdtt.vietnamese import sort_key

from . import codes
from .access import Action, may
from .models import ActivationCode, User


@dataclass
class Slip:
    name: str
    unit: str
    phone: str
    code: str
    expires: datetime
    address: str  # the activation page with the code: what the QR code holds
    page: str  # the activation page, as printed for typing
    qr: SafeString


def qr_svg(code: str) -> SafeString:
    """The QR code of the activation address with the code, as an SVG element.

    The address and the digits are encoded as two segments (bytes, then digits), and the
    mask is fixed: a printed slip scans as well, and drawing it costs a fifth of the time.
    """
    address = codes.address(code)
    prefix = address[: -len(code)]
    qr = segno.make_qr([(prefix,), (code,)], error="m", mask=2, boost_error=False)
    svg = qr.svg_inline(border=4, omitsize=True, svgclass="qr", lineclass=None, title=address)
    return mark_safe(svg)  # noqa: S308 - segno's markup of our own address and digits  # nosec B308,B703


def slips(viewer, pending: list[ActivationCode]) -> list[Slip]:
    """The slips of these codes the viewer may print, by unit then Vietnamese name order."""
    now = timezone.now()
    made = []
    for code in pending:
        user: User = code.user
        if code.used_at or code.revoked_at or code.expires_at <= now:
            continue
        if code.kind != ActivationCode.Kind.ISSUED or not may(viewer, Action.ISSUE, user):
            continue
        plain = codes.derive(code.seed)
        made.append(
            Slip(
                name=user.get_full_name() or user.username,
                unit=user.orgunit.name if user.orgunit_id else "",
                phone=user.phone or "",
                code=codes.spaced(plain),
                expires=code.expires_at,
                address=codes.address(plain),
                page=f"{settings.SITE_URL}{codes.ACTIVATION_PATH}",
                qr=qr_svg(plain),
            )
        )
    made.sort(key=lambda s: (sort_key(s.unit), sort_key(s.name)))
    return made
