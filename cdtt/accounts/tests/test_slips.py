"""The slips' QR codes: drawn from a few codes segno made (`slips._basis`), each must be the
QR code segno draws for its address, and a camera must read the address with its code."""

import re
import secrets

import segno
import zxingcpp
from PIL import Image

from cdtt.accounts import codes
from cdtt.accounts.slips import QUIET, qr_svg

COMMAND = re.compile(r"M(\d+) (\d+)\.5|h(\d+)|m(-?\d+) ([01])")


def drawn(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The QR code's width and its dark modules (x, y), read back from the SVG path as a
    browser would draw it."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r' d="([^"]*)"', svg).group(1)
    assert "".join(m.group() for m in COMMAND.finditer(path)) == path, "only these commands"
    dark, x, y = set(), 0, 0
    for command in COMMAND.finditer(path):
        start_x, start_y, run, move_x, move_y = command.groups()
        if start_x is not None:
            x, y = int(start_x), int(start_y)
        elif run is not None:
            dark |= {(x + i - QUIET, y - QUIET) for i in range(int(run))}
            x += int(run)
        else:
            x, y = x + int(move_x), y + int(move_y)
    return size - 2 * QUIET, dark


def picture(width: int, dark: set[tuple[int, int]]) -> Image.Image:
    scale, size = 4, (width + 2 * QUIET) * 4
    image = Image.new("L", (size, size), 255)
    for x, y in dark:
        for dx in range(scale):
            for dy in range(scale):
                image.putpixel(((x + QUIET) * scale + dx, (y + QUIET) * scale + dy), 0)
    return image


def test_each_slip_qr_is_the_one_segno_draws_and_reads_as_the_address_with_the_code(settings):
    settings.SITE_URL = "https://cdtt.dienbien.gov.vn"
    for code in ["00000000", "99999999", "12345678", "00000001", "10000000"] + [
        f"{secrets.randbelow(10**codes.DIGITS):08d}" for _ in range(40)
    ]:
        address = codes.address(code)
        width, dark = drawn(qr_svg(code))
        qr = segno.make_qr([(address[: -len(code)],), (code,)], error="m", mask=2,
                           boost_error=False)  # fmt: skip
        expected = {(x, y) for y, row in enumerate(qr.matrix) for x, m in enumerate(row) if m & 1}
        assert width == len(qr.matrix)
        assert dark == expected, code
        (found,) = zxingcpp.read_barcodes(picture(width, dark))
        assert found.text == address


def test_another_site_address_gets_its_own_qr_codes(settings):
    """The address before the code is the deployment's: a longer one makes a bigger code."""
    code = "24681357"
    settings.SITE_URL = "https://so-thong-tin-va-truyen-thong.tinh-dien-bien.gov.vn"
    width, dark = drawn(qr_svg(code))
    assert width > 29
    (found,) = zxingcpp.read_barcodes(picture(width, dark))
    assert found.text == codes.address(code)
