"""The five guides residents ask about most, in Vietnamese; administrators edit them later.

Written into the migration (not imported from the app) so that it stays as it was.
Only guides whose address (slug) does not exist yet are added; reversing removes them.
"""

from django.db import migrations

GUIDES = [
    (
        "kich-hoat-vneid-muc-2",
        "Kích hoạt tài khoản định danh điện tử mức 2 (VNeID)",
        "Tài khoản mức 2 dùng thay thẻ căn cước, giấy phép lái xe, thẻ bảo hiểm y tế và để "
        "làm dịch vụ công trực tuyến.",
        [
            ("Cài ứng dụng VNeID",
             "Mở CH Play (điện thoại Android) hoặc App Store (iPhone), tìm “VNeID” của Bộ "
             "Công an rồi bấm Cài đặt.\nChỉ cài từ kho ứng dụng, không cài từ đường link "
             "người khác gửi."),
            ("Đăng ký mức 2 tại Công an xã",
             "Mang thẻ căn cước (có gắn chip) và điện thoại có số thuê bao đứng tên mình đến "
             "Công an xã, phường nơi cư trú. Cán bộ chụp ảnh chân dung, lấy vân tay và nhận "
             "hồ sơ.\nKhi hồ sơ được duyệt, bạn nhận tin nhắn báo tài khoản đã được cấp."),
            ("Gửi yêu cầu kích hoạt",
             "Mở ứng dụng VNeID, chọn “Kích hoạt tài khoản định danh điện tử”. Nhập số định "
             "danh cá nhân (12 số trên thẻ căn cước) và số điện thoại đã đăng ký, bấm "
             "“Gửi yêu cầu”."),
            ("Nhập mã kích hoạt (OTP)",
             "Nhập mã 6 số vừa nhận qua tin nhắn.\nKhông đọc mã này cho bất kỳ ai, kể cả "
             "người tự xưng là công an hay cán bộ."),
            ("Đặt mật khẩu và mã PIN",
             "Mật khẩu dài 8 đến 20 ký tự, có chữ hoa, chữ thường, chữ số và ký tự đặc biệt "
             "(ví dụ @ hoặc #). Sau đó đặt mã PIN 6 số để mở giấy tờ trong ứng dụng.\nGhi "
             "nhớ cẩn thận và không cho người khác biết."),
            ("Kiểm tra đã xong",
             "Vào mục “Ví giấy tờ”: thấy thẻ căn cước điện tử là tài khoản mức 2 đã dùng "
             "được. Có thể tích hợp thêm giấy phép lái xe, thẻ bảo hiểm y tế trong mục "
             "“Tích hợp thông tin”."),
        ],
    ),
    (
        "vssid-bao-hiem-xa-hoi-so",
        "Dùng VssID – Bảo hiểm xã hội số",
        "Xem thẻ bảo hiểm y tế trên điện thoại, kiểm tra các tháng đã đóng bảo hiểm xã hội.",
        [
            ("Cài ứng dụng VssID",
             "Trong CH Play hoặc App Store, tìm “VssID - Bảo hiểm xã hội số” do Bảo hiểm xã "
             "hội Việt Nam phát hành, bấm Cài đặt."),
            ("Đăng nhập bằng tài khoản VNeID",
             "Mở VssID, chọn đăng nhập bằng tài khoản định danh điện tử (VNeID). Ứng dụng "
             "VNeID mở ra để bạn xác nhận; bấm đồng ý rồi quay lại VssID.\nCần có tài khoản "
             "VNeID mức 2 (xem hướng dẫn kích hoạt VNeID)."),
            ("Xem thẻ bảo hiểm y tế",
             "Chọn “Thẻ BHYT”. Khi đi khám chữa bệnh, đưa màn hình này (hoặc thẻ căn cước) "
             "thay cho thẻ giấy."),
            ("Xem quá trình đóng bảo hiểm",
             "Chọn “Quá trình tham gia” để xem từng tháng đã đóng bảo hiểm xã hội, bảo hiểm "
             "thất nghiệp. Thấy sai sót thì báo nơi làm việc hoặc cơ quan bảo hiểm xã hội."),
            ("Tra cứu và hỏi đáp",
             "Mục “Tra cứu” cho biết cơ sở khám chữa bệnh, điểm thu và đại lý bảo hiểm gần "
             "nhà. Mục “Hỗ trợ” để gửi câu hỏi cho cơ quan bảo hiểm xã hội."),
        ],
    ),
    (
        "dich-vu-cong-truc-tuyen",
        "Làm thủ tục trên Cổng Dịch vụ công quốc gia",
        "Nộp hồ sơ khai sinh, đăng ký thường trú, xin phiếu lý lịch tư pháp… tại nhà.",
        [
            ("Mở đúng trang",
             "Trên điện thoại hoặc máy tính, mở trang dichvucong.gov.vn. Kiểm tra địa chỉ "
             "kết thúc bằng “.gov.vn”; trang giả thường có tên gần giống."),
            ("Đăng nhập bằng VNeID",
             "Bấm “Đăng nhập”, chọn tài khoản định danh điện tử do Bộ Công an cấp. Nhập số "
             "định danh và mật khẩu VNeID, hoặc quét mã QR bằng ứng dụng VNeID, rồi xác "
             "nhận trên điện thoại."),
            ("Tìm thủ tục",
             "Gõ tên việc cần làm vào ô tìm kiếm, ví dụ “đăng ký khai sinh”. Chọn đúng "
             "tỉnh và xã nơi bạn nộp hồ sơ."),
            ("Điền tờ khai và gửi giấy tờ",
             "Điền các ô theo hướng dẫn. Chụp rõ từng giấy tờ được yêu cầu và đính kèm. "
             "Đọc lại một lần rồi bấm “Nộp hồ sơ”."),
            ("Nộp lệ phí (nếu có)",
             "Thanh toán ngay trên Cổng bằng tài khoản ngân hàng hoặc ví điện tử. Giữ lại "
             "biên nhận điện tử."),
            ("Theo dõi và nhận kết quả",
             "Vào “Quản lý hồ sơ đã nộp” để xem hồ sơ đang ở bước nào. Kết quả nhận tại bộ "
             "phận một cửa, qua bưu điện hoặc bản điện tử, tùy bạn đã chọn."),
        ],
    ),
    (
        "thanh-toan-khong-dung-tien-mat",
        "Thanh toán không dùng tiền mặt",
        "Chuyển tiền, quét mã QR khi mua hàng, trả tiền điện, nước, học phí qua điện thoại.",
        [
            ("Mở tài khoản ngân hàng",
             "Mang thẻ căn cước đến quầy giao dịch, hoặc mở ngay trên ứng dụng của ngân hàng "
             "(chụp thẻ căn cước, quét khuôn mặt). Số điện thoại đăng ký phải đứng tên mình."),
            ("Cài ứng dụng ngân hàng",
             "Chỉ cài ứng dụng chính thức của ngân hàng từ CH Play hoặc App Store. Đăng nhập, "
             "đặt mật khẩu và bật xác thực bằng vân tay hoặc khuôn mặt."),
            ("Trả tiền bằng mã QR",
             "Chọn “Quét QR”, đưa camera vào mã của người bán. Xem kỹ tên người nhận, nhập "
             "số tiền, bấm xác nhận. Chuyển khoản lớn (trên 10 triệu đồng một lần, hoặc trên "
             "20 triệu đồng trong ngày) phải quét khuôn mặt."),
            ("Trả hóa đơn hằng tháng",
             "Trong mục “Thanh toán hóa đơn”, chọn điện, nước, viễn thông hoặc học phí, nhập "
             "mã khách hàng in trên hóa đơn. Có thể đặt tự động trả hằng tháng."),
            ("Giữ tiền an toàn",
             "Không cho ai biết mật khẩu và mã OTP. Ngân hàng không bao giờ gọi điện xin mã "
             "OTP. Mất điện thoại thì gọi ngay tổng đài ngân hàng để khóa tài khoản."),
        ],
    ),
    (
        "nhan-biet-lua-dao",
        "Nhận biết lừa đảo qua điện thoại và mạng",
        "Những cách kẻ gian hay dùng, và phải làm gì khi lỡ bị lừa.",
        [
            ("Giả danh công an, tòa án, cán bộ",
             "Cơ quan nhà nước không gọi điện bắt chuyển tiền, không yêu cầu cài ứng dụng "
             "hay “xác minh tài khoản”. Gặp cuộc gọi như vậy: cúp máy, hỏi Công an xã."),
            ("Đường link lạ",
             "Tin nhắn báo trúng thưởng, khóa tài khoản, “cập nhật VNeID” kèm đường link: "
             "đừng bấm. Ứng dụng chỉ cài từ CH Play hoặc App Store."),
            ("Mã OTP và giấy tờ",
             "Không bao giờ đọc mã OTP, mật khẩu cho người khác; không chụp thẻ căn cước, "
             "khuôn mặt gửi người lạ."),
            ("Người quen nhắn vay tiền gấp",
             "Tài khoản Zalo, Facebook có thể bị chiếm. Gọi điện hoặc gọi video cho chính "
             "người đó để hỏi lại trước khi chuyển tiền."),
            ("Việc nhẹ lương cao, đầu tư lãi cao",
             "“Làm nhiệm vụ nhận hoa hồng”, “nạp tiền để rút thưởng”, đầu tư lãi mỗi ngày: "
             "đều là lừa đảo. Càng nạp càng mất."),
            ("Lỡ bị lừa thì làm gì",
             "Gọi ngay tổng đài ngân hàng để khóa tài khoản và yêu cầu chặn giao dịch. Báo "
             "Công an xã. Phản ánh tại trang canhbao.khonggianmang.gov.vn; tin nhắn rác gửi "
             "về 5656, cuộc gọi rác báo tổng đài 156."),
        ],
    ),
]  # fmt: skip


def add_guides(apps, schema_editor):
    Guide = apps.get_model("portal", "Guide")
    GuideStep = apps.get_model("portal", "GuideStep")
    for position, (slug, title, summary, steps) in enumerate(GUIDES, start=1):
        guide, created = Guide.objects.get_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "position": position}
        )
        if created:
            GuideStep.objects.bulk_create(
                GuideStep(guide=guide, position=n, title=step_title, text=text)
                for n, (step_title, text) in enumerate(steps, start=1)
            )


def remove_guides(apps, schema_editor):
    apps.get_model("portal", "Guide").objects.filter(slug__in=[g[0] for g in GUIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_news_visits_guides_help_requests")]
    operations = [migrations.RunPython(add_guides, remove_guides)]
