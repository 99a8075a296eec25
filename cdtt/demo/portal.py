"""Demo content of the public portal: news of Điện Biên and Xã Mường Mùn, guide pictures,
a few ratings, approved comments and help requests.

Idempotent: articles are found by unit and title, pictures are drawn only where a guide step
has none, help requests only when the demo village has none.
"""

import random
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from cdtt.accounts.models import User
from cdtt.orgunits.models import Kind, OrgUnit
from cdtt.portal.images import resize_image
from cdtt.portal.models import (
    Article,
    ArticleKind,
    ArticleRating,
    Comment,
    CommentStatus,
    GuideStep,
    HelpRequest,
    HelpStatus,
)
from cdtt.portal.sanitize import clean_html
from cdtt.portal.visitors import keyed_hash

from .places import DEMO_COMMUNE_CODE, PROVINCE_CODE

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
COLOURS = [(179, 38, 30), (11, 87, 208), (27, 110, 58), (199, 119, 0), (106, 27, 154)]

ARTICLES = [
    # (unit: "province" or "commune", kind, days ago, title, summary, body, picture colour)
    ("commune", ArticleKind.NEWS, 2,
     "Xã Mường Mùn ra quân “Ngày chủ nhật số” tại các bản",
     "Tổ công nghệ số cộng đồng của 13 bản đã hỗ trợ 214 người kích hoạt tài khoản VNeID "
     "mức 2 và cài VssID trong một ngày.",
     "Sáng chủ nhật, tại nhà văn hóa các bản, các thành viên tổ công nghệ số cộng đồng — "
     "phần lớn là đoàn viên thanh niên — đã hướng dẫn bà con kích hoạt tài khoản định danh "
     "điện tử mức 2, cài ứng dụng VssID và tích hợp thẻ bảo hiểm y tế.\n\n"
     "Nhiều người cao tuổi và bà con chưa có điện thoại thông minh được hướng dẫn cùng con "
     "cháu. Những trường hợp chưa kích hoạt được đã được ghi lại để tổ đến tận nhà hỗ trợ.\n\n"
     "Bà con cần giúp đỡ có thể bấm “Nhờ hỗ trợ” trên trang này, chọn bản của mình; tổ sẽ "
     "gọi lại.", 0),
    ("commune", ArticleKind.ANNOUNCEMENT, 5,
     "Thông báo lịch hỗ trợ kích hoạt VNeID tại trụ sở UBND xã",
     "Từ thứ Hai đến thứ Sáu, 7h30–11h00, bộ phận một cửa và công an xã hỗ trợ bà con.",
     "<p>Để bà con thuận tiện làm thủ tục trực tuyến, UBND xã Mường Mùn thông báo:</p>"
     "<ul><li><strong>Thời gian:</strong> thứ Hai đến thứ Sáu, 7h30–11h00.</li>"
     "<li><strong>Địa điểm:</strong> bộ phận một cửa, UBND xã.</li>"
     "<li><strong>Mang theo:</strong> thẻ căn cước gắn chip, điện thoại có số thuê bao đứng "
     "tên mình.</li></ul><p>Xem trước các bước tại mục <em>Hướng dẫn</em> của trang này.</p>",
     1),
    ("province", ArticleKind.NEWS, 9,
     "Điện Biên: hơn 2.000 tổ công nghệ số cộng đồng đi vào hoạt động",
     "Tỉnh đặt mục tiêu mỗi hộ gia đình có ít nhất một người biết 5 kỹ năng số cơ bản.",
     "Ban Chỉ đạo chuyển đổi số tỉnh yêu cầu các xã đôn đốc tổ công nghệ số cộng đồng báo "
     "cáo hằng tháng, tập trung vào những bản còn nhiều hộ chưa có điện thoại thông minh.\n\n"
     "Năm kỹ năng số cơ bản gồm: sử dụng dịch vụ công trực tuyến, mua bán trực tuyến, thanh "
     "toán trực tuyến, bảo vệ mình trên mạng, dùng các nền tảng số của địa phương.", 2),
    ("commune", ArticleKind.ANNOUNCEMENT, 12,
     "Cảnh giác cuộc gọi giả danh công an yêu cầu “cập nhật định danh”",
     "Công an không gọi điện yêu cầu cài ứng dụng hay chuyển tiền.",
     "Gần đây có đối tượng gọi điện xưng là công an, đề nghị bà con cài ứng dụng lạ để "
     "“cập nhật định danh mức 2”. Đây là lừa đảo.\n\n"
     "Gặp cuộc gọi như vậy, bà con cúp máy và báo ngay cho công an xã hoặc tổ công nghệ số "
     "cộng đồng của bản.", 3),
]  # fmt: skip
COMMENTS = [
    "Cảm ơn các cháu đoàn viên đã đến tận bản hướng dẫn, ông bà già cũng làm được.",
    "Bản Huổi Lóng còn nhiều hộ chưa kích hoạt, mong tổ sắp xếp thêm một buổi.",
]


def _font(size: int, bold: bool = False):
    path = FONT_BOLD if bold else FONT
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _picture(number: int, title: str, colour) -> Image.Image:
    """A plain illustration: a phone with the step number beside the step's title."""
    image = Image.new("RGB", (960, 560), (245, 245, 242))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 40, 330, 520), radius=36, fill=(40, 40, 40))
    draw.rounded_rectangle((78, 80, 312, 470), radius=12, fill=(255, 255, 255))
    draw.rectangle((78, 80, 312, 130), fill=colour)
    draw.ellipse((135, 170, 255, 290), fill=colour)
    number_font = _font(72, bold=True)
    draw.text((195, 230), str(number), font=number_font, fill="white", anchor="mm")
    for row, length in enumerate((180, 150, 170)):
        draw.rounded_rectangle((105, 320 + row * 34, 105 + length, 336 + row * 34), 6, (220,) * 3)
    draw.rounded_rectangle((105, 420, 285, 452), radius=8, fill=colour)
    draw.ellipse((180, 482, 210, 512), outline=(120, 120, 120), width=3)
    font = _font(44, bold=True)
    lines = _wrap(draw, title, font, 540)
    top = 280 - len(lines) * 30
    for n, line in enumerate(lines):
        draw.text((380, top + n * 60), line, font=font, fill=(27, 27, 27))
    return image


def _upload(image: Image.Image, name: str):
    buffer = BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return resize_image(buffer)


def _news_picture(colour) -> Image.Image:
    """A banner for an article: hills of the northwest, a village house, a phone."""
    rng = random.Random(colour[0])
    image = Image.new("RGB", (1200, 675), (214, 234, 248))
    draw = ImageDraw.Draw(image)
    for n, shade in enumerate(((120, 170, 120), (90, 145, 95), (62, 120, 72))):
        base = 330 + n * 90
        points = [(0, 675), (0, base)]
        points += [(x, base - rng.randint(30, 140)) for x in range(100, 1200, 150)]
        draw.polygon([*points, (1200, base), (1200, 675)], fill=shade)
    draw.polygon([(160, 470), (300, 380), (440, 470)], fill=(120, 70, 40))
    draw.rectangle((190, 470, 410, 580), fill=(200, 160, 110))
    draw.rounded_rectangle((820, 300, 980, 600), radius=22, fill=(40, 40, 40))
    draw.rounded_rectangle((834, 330, 966, 560), radius=8, fill=colour)
    draw.ellipse((870, 400, 930, 460), fill="white")
    return image


@transaction.atomic
def seed_portal(seed: int = 2024) -> str:
    """Add what is missing of the demo portal; return a line saying what there is."""
    rng = random.Random(f"{seed}:portal")
    commune = OrgUnit.objects.filter(code=DEMO_COMMUNE_CODE).first()
    province = OrgUnit.objects.filter(code=PROVINCE_CODE).first()
    if commune is None or province is None:
        return "Demo portal: load the units first."
    author = User.objects.filter(username="demo-commune").first()
    now = timezone.now()
    for where, kind, days, title, summary, body, colour in ARTICLES:
        unit = commune if where == "commune" else province
        if Article.objects.filter(unit=unit, title=title).exists():
            continue
        article = Article(
            unit=unit, kind=kind, title=title, summary=summary, body=clean_html(body),
            is_published=True, published_at=now - timedelta(days=days, hours=rng.randint(1, 9)),
            author=author, image_alt="Minh họa: núi rừng Tây Bắc, nhà sàn và chiếc điện thoại",
        )  # fmt: skip
        article.image = _upload(_news_picture(COLOURS[colour]), "tin.png")
        article.save()
        for n in range(rng.randint(6, 14)):
            stars = rng.choices([5, 4, 3, 2], weights=[6, 3, 1, 1])[0]
            ArticleRating.objects.create(
                article=article, visitor=keyed_hash("demo", title, str(n)), stars=stars
            )
        if days == 2:
            for text in COMMENTS:
                Comment.objects.create(
                    article=article, text=text, status=CommentStatus.APPROVED,
                    moderated_by=author, moderated_at=now,
                )  # fmt: skip
            Comment.objects.create(article=article, text="Cho hỏi bản Nà Sáy có lịch không ạ?")
    # The skills guides are read offline on cheap phones: one picture each, on the first step.
    steps = GuideStep.objects.filter(image="").exclude(guide__tasks__isnull=False, position__gt=1)
    for step in steps.select_related("guide"):
        colour = COLOURS[(step.guide.position - 1) % len(COLOURS)]
        step.image = _upload(_picture(step.position, step.title, colour), "buoc.png")
        step.image_alt = f"Minh họa bước {step.position}: {step.title}"
        step.save()
    village = commune.children.filter(kind=Kind.BAN).order_by("code").first()
    if village is not None and not HelpRequest.objects.filter(village=village).exists():
        for code, name, phone, topic, need, status, rating in [
            ("K7MXQ3PA", "Lò Thị Dung", "0912000101", "vneid",
             "Tôi đã đăng ký ở công an xã nhưng chưa kích hoạt được VNeID.", HelpStatus.NEW, None),
            ("R4TN9CWE", "Quàng Văn Ún", "0912000102", "vssid",
             "Nhờ cài VssID để xem thẻ bảo hiểm y tế của bố.", HelpStatus.DONE, 5),
        ]:  # fmt: skip
            done = status == HelpStatus.DONE
            HelpRequest.objects.create(
                code=code, village=village, name=name, phone=phone, topic=topic, need=need,
                status=status, created_at=now - timedelta(days=2),
                done_at=now - timedelta(days=1) if done else None,
                rating=rating, rated_at=now if rating else None,
                rating_comment="Cháu Mai hướng dẫn rất dễ hiểu." if rating else "",
            )  # fmt: skip
    return (
        f"Demo portal: {Article.objects.count()} articles, "
        f"{GuideStep.objects.exclude(image='').count()} illustrated guide steps, "
        f"{HelpRequest.objects.count()} help requests."
    )
