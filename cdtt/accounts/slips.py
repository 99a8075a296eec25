"""Activation slips (phiếu kích hoạt): what each printed slip says, with its QR code drawn on
the server as inline SVG (no script, no image request, nothing the CSP must allow).

A slip exists only while its code may be used, and only for whoever may give that account
a code: its codes and phone numbers are shown nowhere else.
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
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
    expires: str  # dd/mm/yyyy
    address: str  # the activation page with the code: what the QR code holds
    qr: SafeString


QUIET = 4  # modules of white around the code, as the QR standard asks


def qr_svg(code: str) -> SafeString:
    """The QR code of the activation address with the code, as an SVG element.

    The address and the digits are encoded as two segments (bytes, then digits), the mask
    is fixed and the drawing is one path of horizontal runs: a printed slip scans as well,
    and a commune's thousand slips are drawn in a fraction of the time.
    """
    address = codes.address(code)
    prefix = address[: -len(code)]
    return draw_qr(
        segno.make_qr([(prefix,), (code,)], error="m", mask=2, boost_error=False), address
    )


def draw_qr(qr, title: str) -> SafeString:
    """A segno QR code as an inline SVG element, one path of horizontal runs (also used by
    the posters of help sessions)."""
    runs = []
    for y, row in enumerate(qr.matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x] & 1:
                start = x
                while x < width and row[x] & 1:
                    x += 1
                runs.append(f"M{start + QUIET} {y + QUIET}.5h{x - start}")
            else:
                x += 1
    size = len(qr.matrix) + 2 * QUIET
    svg = (
        f'<svg viewBox="0 0 {size} {size}" class="qr" role="img">'
        f"<title>{escape(title)}</title>"
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )
    # Our own markup; the only text in it, the title, is escaped above.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


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
                expires=timezone.localtime(code.expires_at).strftime("%d/%m/%Y"),
                address=codes.address(plain),
                qr=qr_svg(plain),
            )
        )
    made.sort(key=lambda s: (sort_key(s.unit), sort_key(s.name)))
    return made


def activation_page() -> str:
    """The activation address printed on the slips for typing (without a code)."""
    return f"{settings.SITE_URL}{codes.ACTIVATION_PATH}"
