"""Activation slips (phiếu kích hoạt): what each printed slip says, with its QR code drawn on
the server as inline SVG (no script, no image request, nothing the CSP must allow).

A slip exists only while its code may be used, and only for whoever may give that account
a code: its codes and phone numbers are shown nowhere else.
"""

import functools
import re
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
# Numeric mode packs three digits in 10 bits, two in 7, one in 4 (ISO/IEC 18004, 7.4.4).
GROUP_BITS = {3: 10, 2: 7, 1: 4}


def _make(prefix: str, digits: str) -> segno.QRCode:
    """The QR code of the address as segno draws it: the address and the digits as two
    segments (bytes, then digits), error level M, mask fixed."""
    return segno.make_qr([(prefix,), (digits,)], error="m", mask=2, boost_error=False)


def _as_bits(qr: segno.QRCode) -> int:
    """The modules, row after row, each row padded with light modules to whole bytes, as
    the bits of one number (the first module the highest bit)."""
    line = _row_bytes(len(qr.matrix)) * 8
    return int("".join("".join("1" if m & 1 else "0" for m in row).ljust(line, "0")
                       for row in qr.matrix), 2)  # fmt: skip


def _row_bytes(width: int) -> int:
    return (width + 7) // 8


@functools.lru_cache(maxsize=4)
def _basis(prefix: str) -> tuple[int, int, list[list[int]]]:
    """What every code's QR is made of, for the address before the code: the matrix's
    width, the QR code of 0000 0000, and per bit of the digits the modules it turns over.

    With the segments, version, error level and mask fixed, a QR code's modules are an
    affine function of its data bits over GF(2): the data bits are placed as they are,
    the Reed-Solomon error correction is linear, and the mask is an exclusive or. So the
    QR code of any digits is the one of zeros with, for each data bit set, that bit's
    modules turned over; segno draws the few codes this is learnt from.
    """
    zeros = _make(prefix, "0" * codes.DIGITS)
    zero = _as_bits(zeros)
    flips = []
    for first in range(0, codes.DIGITS, 3):
        length = min(3, codes.DIGITS - first)
        group = []
        for bit in range(GROUP_BITS[length]):
            digits = "0" * first + f"{1 << bit:0{length}d}" + "0" * (codes.DIGITS - first - length)
            group.append(_as_bits(_make(prefix, digits)) ^ zero)
        flips.append(group)
    return len(zeros.matrix), zero, flips


def qr_modules(code: str) -> tuple[int, int]:
    """The QR code of the activation address with the code: (width, modules as `_as_bits`
    lays them out). The same modules as segno's, in a few exclusive ors (tested)."""
    address = codes.address(code)
    width, modules, flips = _basis(address[: -len(code)])
    for group, first in zip(flips, range(0, len(code), 3), strict=True):
        value = int(code[first : first + 3])
        for bit, flip in enumerate(group):
            if value >> bit & 1:
                modules ^= flip
    return width, modules


def _fragment(byte: int, last: int = 0) -> str:
    """Eight modules of a row as relative path commands: "h3" draws three dark modules,
    "m2 0" passes two light ones. `last`: the byte ends a row `last` modules long, so the
    pen goes back to the start of the next row."""
    out, bits = [], f"{byte:08b}"
    for run in re.finditer("1+|0+", bits):
        length = run.end() - run.start()
        out.append((run.group()[0], length))
    if last and out[-1][0] == "0":
        kind, length = out.pop()
        out.append(("back", length - last))
    elif last:
        out.append(("back", -last))
    return "".join(
        f"h{n}" if kind == "1" else f"m{n} 0" if kind == "0" else f"m{n} 1" for kind, n in out
    )


@functools.lru_cache(maxsize=4)
def _fragments(width: int) -> tuple[list[str], list[str]]:
    """The path commands of every byte of modules: inside a row, and ending one."""
    line = _row_bytes(width) * 8
    return [_fragment(b) for b in range(256)], [_fragment(b, line) for b in range(256)]


def qr_svg(code: str) -> SafeString:
    """The QR code of the activation address with the code, as an SVG element.

    The address and the digits are encoded as two segments (bytes, then digits), the mask
    is fixed (`_basis`) and the drawing is one path of horizontal runs, eight modules at a
    time from a table: a printed slip scans as well, and a commune's thousand slips are
    drawn in a fraction of a second.
    """
    width, modules = qr_modules(code)
    per_row = _row_bytes(width)
    inside, ending = _fragments(width)
    data = modules.to_bytes(width * per_row, "big")
    parts = list(map(inside.__getitem__, data))
    parts[per_row - 1 :: per_row] = map(ending.__getitem__, data[per_row - 1 :: per_row])
    return _svg(width, codes.address(code), f"M{QUIET} {QUIET}.5{''.join(parts)}")


def draw_qr(qr: segno.QRCode, title: str) -> SafeString:
    """Any segno QR code as an inline SVG element, one path of horizontal runs (the posters
    of help sessions: one code a page, where segno's own encoding costs nothing)."""
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
    return _svg(len(qr.matrix), title, "".join(runs))


def _svg(width: int, title: str, path: str) -> SafeString:
    size = width + 2 * QUIET
    svg = (
        f'<svg viewBox="0 0 {size} {size}" class="qr" role="img">'
        f"<title>{escape(title)}</title>"
        f'<path stroke="#000" d="{path}"/></svg>'
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
