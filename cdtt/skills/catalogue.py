# ruff: noqa: E501  (the guides' text is kept one step a line)
"""The seeded catalogue of guidable tasks: real tasks of the five apps, each with a guide of
real steps (as the apps' public instructions give them) and a short check.

Loaded by migration 0002 and by `seed_skills` (idempotent: rows are matched by code and
slug, so administrators' later edits of other rows stay). Links go to well-known official
addresses only. A question is (text, options, number of the right option from 1).
"""

from typing import Any

from django.apps.registry import Apps

BDHVS = "https://binhdanhocvuso.gov.vn/"

# code: (app, activity type code, title, guide summary, steps, questions, course title)
TASKS: list[dict[str, Any]] = [
    # ---- VNeID -------------------------------------------------------------------------
    {
        "code": "vneid-cai-dat-muc-1",
        "app": "vneid",
        "activity": "vneid_level2",
        "title": "Cài đặt VNeID và đăng ký tài khoản định danh điện tử mức 1",
        "summary": "Tự đăng ký trên điện thoại, cần thẻ căn cước (CCCD) gắn chip và số điện thoại chính chủ.",
        "steps": [
            (
                "Tải ứng dụng chính thức",
                "Mở CH Play (Android) hoặc App Store (iPhone), tìm “VNeID”, chọn ứng dụng do Trung tâm dữ liệu quốc gia về dân cư (Bộ Công an) phát hành, bấm Cài đặt.",
            ),
            (
                "Chọn Đăng ký",
                "Mở VNeID, bấm “Đăng ký”. Nhập số định danh cá nhân (12 số trên thẻ căn cước) và số điện thoại đang dùng, đứng tên người đăng ký.",
            ),
            (
                "Xác thực thẻ bằng NFC",
                "Làm theo hướng dẫn trên màn hình: áp mặt sau thẻ căn cước gắn chip vào mặt sau điện thoại để đọc chip (điện thoại cần có NFC). Giữ yên đến khi báo thành công.",
            ),
            (
                "Chụp ảnh khuôn mặt",
                "Nhìn thẳng vào camera nơi đủ sáng, không đeo kính, khẩu trang, làm theo yêu cầu quay mặt trên màn hình.",
            ),
            (
                "Nhập mã OTP và đặt mật khẩu",
                "Nhập mã OTP gửi về số điện thoại, đặt mật khẩu và mã bảo vệ (passcode) 6 số. Ghi nhớ, không đưa cho ai.",
            ),
        ],
        "questions": [
            (
                "Tải VNeID ở đâu là đúng?",
                [
                    "Từ đường link lạ gửi qua tin nhắn",
                    "Từ CH Play hoặc App Store, ứng dụng của Bộ Công an",
                    "Từ tệp .apk người khác gửi qua Zalo",
                ],
                2,
            ),
            (
                "Đăng ký mức 1 trên điện thoại cần giấy tờ gì?",
                ["Thẻ căn cước (CCCD) gắn chip", "Sổ hộ khẩu giấy", "Giấy khai sinh"],
                1,
            ),
            (
                "Mã OTP và passcode VNeID nên làm gì?",
                [
                    "Đọc cho cán bộ gọi điện hỏi",
                    "Giữ bí mật, không đưa cho ai",
                    "Ghi lên thẻ căn cước",
                ],
                2,
            ),
        ],
        "course": "",
    },
    {
        "code": "vneid-muc-2",
        "app": "vneid",
        "activity": "vneid_level2",
        "title": "Kích hoạt tài khoản định danh điện tử mức 2",
        "summary": "Đăng ký tại công an cấp xã với thẻ căn cước gắn chip, sau đó kích hoạt trên ứng dụng.",
        "steps": [
            (
                "Đến công an cấp xã",
                "Mang thẻ căn cước (CCCD) gắn chip và điện thoại có số chính chủ đến công an xã, phường nơi thuận tiện. Không phải nộp lệ phí.",
            ),
            (
                "Làm thủ tục tại chỗ",
                "Cán bộ công an hướng dẫn khai mẫu đề nghị, chụp ảnh chân dung và lấy vân tay nếu cần. Kiểm tra lại số điện thoại ghi trên phiếu.",
            ),
            (
                "Chờ tin nhắn",
                "Khi hồ sơ được duyệt, số điện thoại đã đăng ký nhận tin nhắn thông báo kích hoạt.",
            ),
            (
                "Kích hoạt trên ứng dụng",
                "Mở VNeID, chọn “Kích hoạt tài khoản”, nhập số định danh cá nhân và số điện thoại, nhập mã OTP, đặt mật khẩu và passcode 6 số.",
            ),
            (
                "Kiểm tra mức 2",
                "Đăng nhập, mở “Ví giấy tờ”: thấy thẻ căn cước điện tử là tài khoản đã ở mức 2.",
            ),
        ],
        "questions": [
            (
                "Tài khoản mức 2 được đăng ký ở đâu?",
                ["Tại công an cấp xã", "Tại ngân hàng", "Tại bưu điện qua điện thoại"],
                1,
            ),
            (
                "Khi đi đăng ký mức 2 cần mang gì?",
                [
                    "Thẻ căn cước gắn chip và điện thoại số chính chủ",
                    "Chỉ cần nhớ số định danh",
                    "Giấy xác nhận của trưởng thôn",
                ],
                1,
            ),
            (
                "Làm sao biết tài khoản đã ở mức 2?",
                [
                    "Ứng dụng có màu xanh",
                    "Thẻ căn cước điện tử hiện trong Ví giấy tờ",
                    "Nhận được cuộc gọi của công an",
                ],
                2,
            ),
        ],
        "course": "Ứng dụng định danh điện tử VNeID",
    },
    {
        "code": "vneid-the-bhyt",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Tích hợp thẻ bảo hiểm y tế vào VNeID",
        "summary": "Đưa thẻ BHYT vào Ví giấy tờ để khám chữa bệnh bằng căn cước hoặc VNeID.",
        "steps": [
            ("Đăng nhập mức 2", "Mở VNeID, đăng nhập tài khoản mức 2."),
            (
                "Mở Ví giấy tờ",
                "Chọn “Ví giấy tờ”, rồi “Tích hợp thông tin”, bấm “Tạo mới yêu cầu”.",
            ),
            (
                "Chọn thẻ BHYT",
                "Chọn loại giấy tờ “Thẻ BHYT”, nhập mã thẻ bảo hiểm y tế (in trên thẻ giấy hoặc xem trên VssID).",
            ),
            (
                "Gửi yêu cầu",
                "Đánh dấu “Tôi xác nhận…”, bấm “Gửi yêu cầu”, nhập passcode. Khi có kết quả, thẻ BHYT hiện trong Ví giấy tờ.",
            ),
        ],
        "questions": [
            (
                "Tích hợp thẻ BHYT làm ở mục nào của VNeID?",
                ["Ví giấy tờ → Tích hợp thông tin", "Cài đặt → Đổi mật khẩu", "Thông báo"],
                1,
            ),
            (
                "Cần nhập thông tin gì?",
                ["Số tài khoản ngân hàng", "Mã thẻ bảo hiểm y tế", "Biển số xe"],
                2,
            ),
            (
                "Tài khoản mức nào mới có Ví giấy tờ đầy đủ?",
                ["Mức 1", "Mức 2", "Không cần tài khoản"],
                2,
            ),
        ],
        "course": "",
    },
    {
        "code": "vneid-gplx",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Tích hợp giấy phép lái xe vào VNeID",
        "summary": "Xuất trình giấy phép lái xe trên VNeID khi cần.",
        "steps": [
            ("Đăng nhập mức 2", "Mở VNeID, đăng nhập tài khoản mức 2."),
            (
                "Tạo yêu cầu tích hợp",
                "Chọn “Ví giấy tờ” → “Tích hợp thông tin” → “Tạo mới yêu cầu”, chọn “Giấy phép lái xe”.",
            ),
            (
                "Nhập thông tin giấy phép",
                "Chọn hạng giấy phép, nhập số giấy phép lái xe đúng như trên thẻ.",
            ),
            (
                "Gửi và chờ kết quả",
                "Xác nhận cam đoan, bấm “Gửi yêu cầu”, nhập passcode. Khi được duyệt, giấy phép hiện trong Ví giấy tờ.",
            ),
        ],
        "questions": [
            (
                "Chọn mục nào để tích hợp giấy phép lái xe?",
                [
                    "Ví giấy tờ → Tích hợp thông tin → Tạo mới yêu cầu",
                    "Dịch vụ khác → Tố giác tội phạm",
                    "Trang chủ → Tin tức",
                ],
                1,
            ),
            (
                "Cần nhập những thông tin gì?",
                ["Hạng và số giấy phép lái xe", "Số tài khoản ngân hàng", "Mã thẻ BHYT"],
                1,
            ),
            (
                "Sau khi gửi yêu cầu cần nhập gì để xác nhận?",
                ["Mã OTP ngân hàng", "Passcode VNeID", "Số điện thoại người thân"],
                2,
            ),
        ],
        "course": "",
    },
    {
        "code": "vneid-dang-ky-xe",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Tích hợp giấy đăng ký xe vào VNeID",
        "summary": "Đưa giấy chứng nhận đăng ký xe mang tên mình vào Ví giấy tờ.",
        "steps": [
            ("Đăng nhập mức 2", "Mở VNeID, đăng nhập tài khoản mức 2."),
            (
                "Tạo yêu cầu",
                "Chọn “Ví giấy tờ” → “Tích hợp thông tin” → “Tạo mới yêu cầu”, chọn “Đăng ký xe”.",
            ),
            (
                "Nhập thông tin xe",
                "Nhập các thông tin xe theo yêu cầu trên màn hình (biển số, số giấy đăng ký). Xe phải đứng tên chủ tài khoản.",
            ),
            (
                "Gửi yêu cầu",
                "Xác nhận cam đoan, bấm “Gửi yêu cầu”, nhập passcode; theo dõi kết quả trong mục Tích hợp thông tin.",
            ),
        ],
        "questions": [
            (
                "Xe nào tích hợp được vào tài khoản VNeID của mình?",
                ["Xe đứng tên chính mình", "Bất kỳ xe nào đang đi", "Xe của hàng xóm"],
                1,
            ),
            (
                "Xem kết quả yêu cầu tích hợp ở đâu?",
                ["Trong mục Tích hợp thông tin", "Trong tin nhắn Zalo", "Không xem được"],
                1,
            ),
            ("Tích hợp đăng ký xe cần tài khoản mức mấy?", ["Mức 1", "Mức 2"], 2),
        ],
        "course": "",
    },
    {
        "code": "vneid-thong-bao-luu-tru",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Thông báo lưu trú trên VNeID",
        "summary": "Chủ nhà, cơ sở cho thuê báo công an có người đến ở qua đêm, không cần đến trụ sở.",
        "steps": [
            (
                "Mở thủ tục",
                "Đăng nhập VNeID mức 2, chọn “Thủ tục hành chính” → “Thông báo lưu trú” → “Tạo mới yêu cầu”.",
            ),
            (
                "Chọn nơi lưu trú",
                "Chọn tỉnh, xã nơi có chỗ ở và cơ quan công an tiếp nhận; nhập địa chỉ chỗ ở.",
            ),
            (
                "Thêm người lưu trú",
                "Bấm “Thêm mới người lưu trú”, nhập số định danh, họ tên, ngày sinh của từng người; nhập thời gian lưu trú từ ngày – đến ngày và lý do.",
            ),
            (
                "Gửi thông báo",
                "Kiểm tra lại, bấm “Tiếp tục” rồi “Gửi yêu cầu”, nhập passcode. Theo dõi kết quả trong “Quản lý hồ sơ thủ tục hành chính”.",
            ),
        ],
        "questions": [
            (
                "Ai thông báo lưu trú?",
                [
                    "Người có chỗ ở hoặc cơ sở cho người khác đến ở",
                    "Trưởng thôn cho cả thôn",
                    "Ngân hàng",
                ],
                1,
            ),
            (
                "Thông báo lưu trú trên VNeID ở mục nào?",
                ["Ví giấy tờ", "Thủ tục hành chính → Thông báo lưu trú", "Cài đặt"],
                2,
            ),
            (
                "Cần nhập gì cho mỗi người lưu trú?",
                [
                    "Số định danh, họ tên, ngày sinh và thời gian ở",
                    "Chỉ tên gọi ở nhà",
                    "Số tài khoản ngân hàng",
                ],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "vneid-ly-lich-tu-phap",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Yêu cầu cấp phiếu lý lịch tư pháp trên VNeID",
        "summary": "Nộp yêu cầu cấp phiếu lý lịch tư pháp trực tuyến, nộp lệ phí, nhận kết quả.",
        "steps": [
            (
                "Mở thủ tục",
                "Đăng nhập VNeID mức 2, chọn “Thủ tục hành chính” → “Cấp phiếu lý lịch tư pháp” → “Tạo mới yêu cầu”.",
            ),
            (
                "Khai thông tin",
                "Thông tin cá nhân lấy sẵn từ cơ sở dữ liệu dân cư; kiểm tra, bổ sung nơi cư trú, mục đích sử dụng phiếu, loại phiếu (số 1 hoặc số 2) và số bản cần cấp.",
            ),
            (
                "Chọn nơi nhận kết quả",
                "Chọn nhận tại cơ quan cấp phiếu, qua bưu chính, hoặc bản điện tử nếu có.",
            ),
            (
                "Nộp lệ phí trực tuyến",
                "Xem mức lệ phí hiển thị, chọn thanh toán, xác nhận bằng ứng dụng ngân hàng.",
            ),
            (
                "Theo dõi hồ sơ",
                "Xem tình trạng trong “Quản lý hồ sơ thủ tục hành chính” đến khi có kết quả.",
            ),
        ],
        "questions": [
            (
                "Cần tài khoản VNeID mức mấy để yêu cầu phiếu lý lịch tư pháp?",
                ["Mức 1", "Mức 2"],
                2,
            ),
            (
                "Lệ phí nộp thế nào khi làm trên VNeID?",
                [
                    "Đưa tiền mặt cho người quen",
                    "Thanh toán trực tuyến theo mức hiển thị",
                    "Không bao giờ phải nộp",
                ],
                2,
            ),
            (
                "Theo dõi hồ sơ đã gửi ở đâu?",
                ["Quản lý hồ sơ thủ tục hành chính", "Ví giấy tờ → Thẻ BHYT", "Hộp thư điện thoại"],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "vneid-to-giac-toi-pham",
        "app": "vneid",
        "activity": "vneid_features",
        "title": "Tố giác, tin báo về tội phạm qua VNeID",
        "summary": "Báo cho công an về hành vi phạm tội, lừa đảo, kèm ảnh, video nếu có.",
        "steps": [
            ("Mở chức năng", "Đăng nhập VNeID, chọn “Tố giác, tin báo về tội phạm” → “Tạo mới”."),
            (
                "Chọn loại và nơi tiếp nhận",
                "Chọn tố giác tội phạm hay tin báo về tội phạm; chọn tỉnh, xã và cơ quan công an tiếp nhận.",
            ),
            (
                "Mô tả sự việc",
                "Ghi rõ thời gian, địa điểm, diễn biến, người liên quan; đính kèm ảnh, video, ảnh chụp tin nhắn nếu có.",
            ),
            (
                "Gửi",
                "Kiểm tra lại, bấm “Gửi tố giác”, nhập passcode. Trường hợp khẩn cấp gọi ngay 113.",
            ),
        ],
        "questions": [
            (
                "Có thể đính kèm gì khi tố giác qua VNeID?",
                ["Ảnh, video, ảnh chụp tin nhắn", "Không đính kèm được gì", "Chỉ tệp Word"],
                1,
            ),
            (
                "Trường hợp khẩn cấp nên làm gì?",
                ["Gọi ngay 113", "Chờ trả lời trên VNeID", "Đăng lên mạng xã hội"],
                1,
            ),
            (
                "Khi tố giác cần chọn gì?",
                ["Cơ quan công an tiếp nhận", "Ngân hàng nhận tiền", "Nhà mạng"],
                1,
            ),
        ],
        "course": "",
    },
    # ---- VssID -------------------------------------------------------------------------
    {
        "code": "vssid-cai-dat-dang-nhap",
        "app": "vssid",
        "activity": "vssid",
        "title": "Cài đặt VssID và đăng nhập",
        "summary": "Ứng dụng Bảo hiểm xã hội số của BHXH Việt Nam; đăng nhập bằng tài khoản VNeID.",
        "steps": [
            (
                "Tải ứng dụng chính thức",
                "Trên CH Play hoặc App Store tìm “VssID - Bảo hiểm xã hội số”, nhà phát hành Bảo hiểm xã hội Việt Nam, bấm Cài đặt.",
            ),
            (
                "Chọn cách đăng nhập",
                "Mở VssID, chọn đăng nhập bằng tài khoản định danh điện tử VNeID (tài khoản mức 2).",
            ),
            (
                "Xác nhận trên VNeID",
                "Nhập số định danh cá nhân và mật khẩu VNeID, xác nhận bằng mã OTP hoặc trên ứng dụng VNeID theo yêu cầu.",
            ),
            (
                "Đặt đăng nhập nhanh",
                "Sau khi vào được, có thể bật đăng nhập bằng vân tay hoặc khuôn mặt trên điện thoại của chính mình.",
            ),
        ],
        "questions": [
            (
                "VssID là ứng dụng của cơ quan nào?",
                ["Bảo hiểm xã hội Việt Nam", "Một công ty trò chơi", "Ngân hàng"],
                1,
            ),
            (
                "Cách đăng nhập VssID được khuyến khích hiện nay?",
                ["Bằng tài khoản VNeID mức 2", "Bằng tài khoản Facebook", "Không cần đăng nhập"],
                1,
            ),
            (
                "Đăng nhập bằng vân tay nên bật trên máy nào?",
                [
                    "Điện thoại của chính mình",
                    "Điện thoại mượn của người lạ",
                    "Máy ở quán internet",
                ],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "vssid-qua-trinh-tham-gia",
        "app": "vssid",
        "activity": "vssid",
        "title": "Tra cứu quá trình tham gia bảo hiểm xã hội trên VssID",
        "summary": "Xem các giai đoạn đóng BHXH, BHTN, đơn vị và mức đóng.",
        "steps": [
            ("Đăng nhập", "Mở VssID và đăng nhập."),
            ("Mở Quá trình tham gia", "Ở màn hình chính chọn “Quá trình tham gia”."),
            (
                "Chọn loại bảo hiểm",
                "Chọn BHXH bắt buộc, BHXH tự nguyện hoặc bảo hiểm thất nghiệp; xem từng giai đoạn: từ tháng, đến tháng, đơn vị, mức đóng.",
            ),
            (
                "Khi thấy sai",
                "Nếu thiếu tháng đóng hoặc sai thông tin, báo đơn vị sử dụng lao động hoặc cơ quan BHXH nơi tham gia.",
            ),
        ],
        "questions": [
            (
                "Xem các tháng đã đóng BHXH ở mục nào?",
                ["Quá trình tham gia", "Thẻ BHYT", "Cài đặt"],
                1,
            ),
            (
                "Thấy thiếu tháng đóng thì làm gì?",
                ["Báo đơn vị sử dụng lao động hoặc cơ quan BHXH", "Xoá ứng dụng", "Bỏ qua"],
                1,
            ),
            (
                "VssID cho xem những loại bảo hiểm nào?",
                [
                    "BHXH bắt buộc, tự nguyện và bảo hiểm thất nghiệp",
                    "Chỉ bảo hiểm xe máy",
                    "Bảo hiểm nhân thọ của công ty tư nhân",
                ],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "vssid-the-bhyt",
        "app": "vssid",
        "activity": "vssid",
        "title": "Thẻ bảo hiểm y tế điện tử trên VssID",
        "summary": "Xuất trình thẻ BHYT trên điện thoại khi đi khám, xem lịch sử khám chữa bệnh.",
        "steps": [
            (
                "Mở thẻ",
                "Đăng nhập VssID, chọn “Thẻ BHYT”: hình thẻ hiện ra với mã thẻ, nơi đăng ký khám ban đầu, hạn sử dụng.",
            ),
            (
                "Xuất trình khi khám",
                "Đưa màn hình thẻ (hoặc thẻ căn cước gắn chip, VNeID) cho nơi tiếp đón của cơ sở khám chữa bệnh.",
            ),
            (
                "Xem lịch sử khám",
                "Chọn “Lịch sử khám chữa bệnh” để xem các lần khám, chi phí quỹ BHYT đã chi trả.",
            ),
            (
                "Kiểm tra hạn thẻ",
                "Xem hạn sử dụng để gia hạn kịp thời (BHYT hộ gia đình gia hạn tại đại lý thu hoặc trực tuyến).",
            ),
        ],
        "questions": [
            (
                "Đi khám có thể xuất trình gì thay thẻ BHYT giấy?",
                [
                    "Thẻ BHYT trên VssID hoặc căn cước gắn chip",
                    "Ảnh chụp thẻ của người khác",
                    "Giấy phép lái xe",
                ],
                1,
            ),
            (
                "Xem các lần khám chữa bệnh ở đâu?",
                ["Lịch sử khám chữa bệnh", "Quá trình tham gia", "Tin tức"],
                1,
            ),
            (
                "Trên thẻ BHYT điện tử có thông tin nào?",
                [
                    "Mã thẻ, nơi khám ban đầu, hạn sử dụng",
                    "Số dư tài khoản ngân hàng",
                    "Mật khẩu VNeID",
                ],
                1,
            ),
        ],
        "course": "",
    },
    # ---- Cổng Dịch vụ công quốc gia ----------------------------------------------------
    {
        "code": "dvc-dang-nhap-vneid",
        "app": "public_services",
        "activity": "public_services",
        "title": "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID",
        "summary": "Dùng tài khoản định danh điện tử để vào dichvucong.gov.vn, không cần tạo tài khoản riêng.",
        "steps": [
            ("Mở cổng", "Trên trình duyệt gõ đúng địa chỉ dichvucong.gov.vn, bấm “Đăng nhập”."),
            (
                "Chọn tài khoản định danh điện tử",
                "Chọn đăng nhập bằng tài khoản định danh điện tử do Bộ Công an cấp (dành cho công dân).",
            ),
            (
                "Nhập hoặc quét mã",
                "Nhập số định danh cá nhân và mật khẩu VNeID, hoặc mở VNeID trên điện thoại và quét mã QR hiện trên màn hình.",
            ),
            (
                "Xác nhận",
                "Nhập mã OTP gửi về điện thoại hoặc xác nhận trên ứng dụng VNeID. Kiểm tra họ tên hiện góc màn hình.",
            ),
        ],
        "questions": [
            (
                "Địa chỉ Cổng Dịch vụ công quốc gia là gì?",
                ["dichvucong.gov.vn", "dichvucong-vn.com", "một đường link gửi qua tin nhắn"],
                1,
            ),
            (
                "Đăng nhập cổng bằng tài khoản nào?",
                [
                    "Tài khoản định danh điện tử VNeID",
                    "Tài khoản trò chơi",
                    "Tài khoản của cán bộ xã",
                ],
                1,
            ),
            (
                "Có thể đăng nhập nhanh bằng cách nào?",
                [
                    "Quét mã QR bằng ứng dụng VNeID",
                    "Gọi điện cho tổng đài lạ",
                    "Gửi mật khẩu cho người quen",
                ],
                1,
            ),
        ],
        "course": "Sử dụng dịch vụ công trực tuyến",
    },
    {
        "code": "dvc-nop-ho-so",
        "app": "public_services",
        "activity": "public_services",
        "title": "Nộp hồ sơ dịch vụ công trực tuyến",
        "summary": "Tìm thủ tục, khai tờ khai, đính kèm giấy tờ, nộp và nhận mã hồ sơ.",
        "steps": [
            (
                "Tìm thủ tục",
                "Đăng nhập dichvucong.gov.vn, gõ tên thủ tục vào ô tìm kiếm (ví dụ: đăng ký khai sinh), chọn đúng thủ tục.",
            ),
            (
                "Chọn nơi giải quyết",
                "Bấm “Nộp trực tuyến”, chọn tỉnh và cơ quan giải quyết (thường là UBND xã nơi cư trú).",
            ),
            (
                "Khai tờ khai",
                "Điền các ô bắt buộc (có dấu *); thông tin cá nhân thường có sẵn từ tài khoản.",
            ),
            ("Đính kèm giấy tờ", "Chụp rõ, đủ trang các giấy tờ yêu cầu, tải lên đúng mục."),
            (
                "Nộp và lưu mã hồ sơ",
                "Chọn cách nhận kết quả, bấm “Nộp hồ sơ”. Ghi lại mã hồ sơ để tra cứu.",
            ),
        ],
        "questions": [
            (
                "Bước đầu tiên để nộp hồ sơ là gì?",
                ["Tìm đúng thủ tục trên cổng", "Chuyển tiền cho cán bộ", "Gửi giấy tờ qua Zalo"],
                1,
            ),
            (
                "Các ô có dấu * trong tờ khai là gì?",
                ["Ô bắt buộc phải điền", "Ô không cần điền", "Ô dành cho cán bộ"],
                1,
            ),
            (
                "Sau khi nộp cần giữ lại gì?",
                ["Mã hồ sơ", "Mật khẩu VNeID trên giấy", "Không cần giữ gì"],
                1,
            ),
        ],
        "course": "Sử dụng dịch vụ công trực tuyến",
    },
    {
        "code": "dvc-thanh-toan-le-phi",
        "app": "public_services",
        "activity": "public_services",
        "title": "Thanh toán phí, lệ phí trực tuyến trên Cổng Dịch vụ công",
        "summary": "Trả lệ phí của hồ sơ qua ngân hàng hoặc ví điện tử, nhận biên lai điện tử.",
        "steps": [
            (
                "Mở hồ sơ cần thanh toán",
                "Đăng nhập cổng, vào “Quản lý hồ sơ đã nộp” hoặc bước thanh toán ngay khi nộp, bấm “Thanh toán”.",
            ),
            (
                "Chọn ngân hàng hoặc ví",
                "Chọn ngân hàng hay ví điện tử mình có tài khoản trong danh sách của cổng.",
            ),
            (
                "Xác nhận thanh toán",
                "Quét mã QR bằng ứng dụng ngân hàng hoặc đăng nhập theo hướng dẫn; kiểm tra số tiền, nội dung rồi xác nhận bằng OTP hoặc sinh trắc học.",
            ),
            (
                "Lưu biên lai",
                "Khi báo thành công, tải hoặc chụp biên lai điện tử; hồ sơ chuyển sang trạng thái đã thanh toán.",
            ),
        ],
        "questions": [
            (
                "Thanh toán lệ phí hồ sơ ở đâu là đúng?",
                [
                    "Trên Cổng Dịch vụ công, qua ngân hàng hoặc ví trong danh sách",
                    "Chuyển khoản cho số tài khoản lạ gọi điện đến",
                    "Nạp thẻ điện thoại",
                ],
                1,
            ),
            (
                "Trước khi xác nhận cần kiểm tra gì?",
                ["Số tiền và nội dung thanh toán", "Màu nền ứng dụng", "Giờ trên điện thoại"],
                1,
            ),
            (
                "Sau khi thanh toán nên làm gì?",
                ["Lưu biên lai điện tử", "Xoá hồ sơ", "Đổi số điện thoại"],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "dvc-tra-cuu-ho-so",
        "app": "public_services",
        "activity": "public_services",
        "title": "Tra cứu tình trạng hồ sơ dịch vụ công",
        "summary": "Biết hồ sơ đang ở bước nào, có cần bổ sung không, khi nào có kết quả.",
        "steps": [
            (
                "Vào mục tra cứu",
                "Trên dichvucong.gov.vn chọn “Tra cứu hồ sơ”, hoặc đăng nhập và vào “Quản lý hồ sơ đã nộp”.",
            ),
            ("Nhập mã hồ sơ", "Nhập mã hồ sơ đã nhận khi nộp, bấm tìm."),
            (
                "Đọc tình trạng",
                "Xem trạng thái: đã tiếp nhận, đang xử lý, yêu cầu bổ sung, đã có kết quả.",
            ),
            (
                "Bổ sung nếu được yêu cầu",
                "Nếu cơ quan yêu cầu bổ sung, đọc lý do, tải lên giấy tờ còn thiếu trong hồ sơ rồi gửi lại.",
            ),
        ],
        "questions": [
            (
                "Tra cứu hồ sơ cần thông tin gì?",
                ["Mã hồ sơ", "Số tài khoản ngân hàng", "Biển số xe"],
                1,
            ),
            (
                "Trạng thái “yêu cầu bổ sung” nghĩa là gì?",
                ["Cần nộp thêm hoặc sửa giấy tờ", "Hồ sơ đã xong", "Hồ sơ bị xoá"],
                1,
            ),
            ("Xem các hồ sơ mình đã nộp ở đâu?", ["Quản lý hồ sơ đã nộp", "Tin tức", "Hỏi đáp"], 1),
        ],
        "course": "",
    },
    {
        "code": "dvc-lien-thong-khai-sinh",
        "app": "public_services",
        "activity": "public_services",
        "title": "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ dưới 6 tuổi",
        "summary": "Một lần nộp trực tuyến cho ba thủ tục của trẻ mới sinh.",
        "steps": [
            (
                "Tìm nhóm thủ tục liên thông",
                "Đăng nhập dichvucong.gov.vn (hoặc VNeID, mục Thủ tục hành chính), tìm “liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi”.",
            ),
            (
                "Khai thông tin trẻ và cha mẹ",
                "Nhập họ tên, ngày sinh, nơi sinh của trẻ; thông tin cha, mẹ; nơi đăng ký thường trú.",
            ),
            (
                "Đính kèm giấy chứng sinh",
                "Chụp rõ giấy chứng sinh (và giấy tờ khác theo yêu cầu), tải lên.",
            ),
            (
                "Nộp và theo dõi",
                "Nộp hồ sơ, ghi mã hồ sơ; kết quả: giấy khai sinh, trẻ được đăng ký thường trú và có thẻ BHYT.",
            ),
        ],
        "questions": [
            (
                "Thủ tục liên thông này dành cho ai?",
                ["Trẻ em dưới 6 tuổi", "Người trên 60 tuổi", "Doanh nghiệp"],
                1,
            ),
            (
                "Giấy tờ chính cần đính kèm là gì?",
                ["Giấy chứng sinh", "Giấy phép lái xe", "Hoá đơn tiền điện"],
                1,
            ),
            (
                "Một lần nộp được mấy thủ tục?",
                ["Ba: khai sinh, thường trú, thẻ BHYT", "Một", "Không nộp trực tuyến được"],
                1,
            ),
        ],
        "course": "",
    },
    # ---- Thanh toán không dùng tiền mặt -------------------------------------------------
    {
        "code": "ttkdtm-app-ngan-hang",
        "app": "cashless",
        "activity": "cashless",
        "title": "Cài ứng dụng ngân hàng và xác thực sinh trắc học",
        "summary": "Mở tài khoản, cài ứng dụng chính thức, đăng ký sinh trắc học bằng căn cước gắn chip.",
        "steps": [
            (
                "Cài đúng ứng dụng",
                "Tìm tên ngân hàng trên CH Play hoặc App Store, kiểm tra nhà phát hành là chính ngân hàng đó. Không cài từ đường link gửi qua tin nhắn.",
            ),
            (
                "Mở tài khoản",
                "Mở tài khoản tại quầy giao dịch, hoặc ngay trên ứng dụng bằng cách chụp thẻ căn cước và khuôn mặt (eKYC).",
            ),
            (
                "Đặt mật khẩu",
                "Đặt mật khẩu đăng nhập, kích hoạt Smart OTP nếu ngân hàng yêu cầu; không chia sẻ cho ai.",
            ),
            (
                "Xác thực sinh trắc học",
                "Vào mục cài đặt sinh trắc học, áp thẻ căn cước gắn chip vào điện thoại (NFC) và quét khuôn mặt. Từ 1/7/2024, chuyển tiền trên 10 triệu đồng một lần hoặc trên 20 triệu đồng một ngày phải xác thực khuôn mặt.",
            ),
        ],
        "questions": [
            (
                "Tải ứng dụng ngân hàng thế nào là an toàn?",
                [
                    "Từ CH Play/App Store, nhà phát hành là chính ngân hàng",
                    "Từ đường link trong tin nhắn",
                    "Từ tệp người lạ gửi",
                ],
                1,
            ),
            (
                "Xác thực sinh trắc học cần gì?",
                [
                    "Thẻ căn cước gắn chip và khuôn mặt chủ tài khoản",
                    "Ảnh của người thân",
                    "Sổ hộ khẩu",
                ],
                1,
            ),
            (
                "Có nên đưa mã OTP cho nhân viên ngân hàng gọi điện hỏi?",
                ["Có", "Không, ngân hàng không bao giờ hỏi OTP"],
                2,
            ),
        ],
        "course": "Thanh toán không dùng tiền mặt an toàn",
    },
    {
        "code": "ttkdtm-vietqr",
        "app": "cashless",
        "activity": "cashless",
        "title": "Thanh toán bằng mã VietQR",
        "summary": "Quét mã QR của người bán bằng ứng dụng ngân hàng, kiểm tra tên người nhận, xác nhận.",
        "steps": [
            ("Mở chức năng quét", "Mở ứng dụng ngân hàng, chọn “Quét QR”."),
            ("Quét mã của người bán", "Đưa camera vào mã VietQR dán tại quầy hoặc trên hoá đơn."),
            (
                "Kiểm tra người nhận",
                "Xem tên chủ tài khoản hiện ra có đúng cửa hàng, người bán không; nhập số tiền nếu mã chưa có sẵn.",
            ),
            (
                "Xác nhận và cho xem kết quả",
                "Xác nhận bằng mật khẩu, OTP hoặc sinh trắc học; cho người bán xem màn hình chuyển tiền thành công.",
            ),
        ],
        "questions": [
            (
                "Sau khi quét mã VietQR cần kiểm tra gì trước?",
                ["Tên người nhận và số tiền", "Màu của mã QR", "Giờ mở cửa"],
                1,
            ),
            (
                "Quét mã bằng ứng dụng nào?",
                [
                    "Ứng dụng ngân hàng hoặc ví điện tử",
                    "Ứng dụng chụp ảnh bình thường rồi gửi qua Zalo",
                    "Ứng dụng trò chơi",
                ],
                1,
            ),
            (
                "Mã VietQR dùng được với ứng dụng của",
                ["Nhiều ngân hàng khác nhau", "Chỉ một ngân hàng duy nhất"],
                1,
            ),
        ],
        "course": "Thanh toán không dùng tiền mặt an toàn",
    },
    {
        "code": "ttkdtm-hoa-don",
        "app": "cashless",
        "activity": "cashless",
        "title": "Thanh toán hoá đơn điện, nước trên ứng dụng ngân hàng",
        "summary": "Trả tiền điện, nước hằng tháng không cần ra điểm thu.",
        "steps": [
            (
                "Mở thanh toán hoá đơn",
                "Trong ứng dụng ngân hàng chọn “Thanh toán hoá đơn”, chọn loại: điện, nước.",
            ),
            ("Chọn nhà cung cấp", "Chọn công ty điện lực hoặc công ty cấp nước của địa phương."),
            (
                "Nhập mã khách hàng",
                "Nhập mã khách hàng in trên hoá đơn hoặc tin nhắn báo tiền; kiểm tra tên chủ hộ, kỳ và số tiền.",
            ),
            ("Xác nhận", "Xác nhận thanh toán; có thể bật tự động thanh toán hằng tháng nếu muốn."),
        ],
        "questions": [
            (
                "Mã khách hàng tiền điện xem ở đâu?",
                ["Trên hoá đơn hoặc tin nhắn báo tiền điện", "Trên thẻ căn cước", "Hỏi người lạ"],
                1,
            ),
            (
                "Trước khi xác nhận cần kiểm tra gì?",
                ["Tên chủ hộ, kỳ và số tiền", "Không cần kiểm tra", "Tên ứng dụng"],
                1,
            ),
            (
                "Có thể làm gì để khỏi quên trả hằng tháng?",
                ["Bật tự động thanh toán", "Xoá ứng dụng", "Đổi ngân hàng mỗi tháng"],
                1,
            ),
        ],
        "course": "",
    },
    {
        "code": "ttkdtm-qr-nhan-tien",
        "app": "cashless",
        "activity": "cashless",
        "title": "Tạo mã QR nhận tiền cho hộ kinh doanh",
        "summary": "Người bán hàng nhận chuyển khoản bằng mã QR, kiểm tra tiền về trước khi giao hàng.",
        "steps": [
            (
                "Lấy mã QR của tài khoản",
                "Trong ứng dụng ngân hàng chọn “Mã QR của tôi” hoặc “Nhận tiền”, lưu ảnh mã VietQR có tên chủ tài khoản.",
            ),
            (
                "In và dán tại quầy",
                "In mã rõ nét, dán nơi khách dễ quét; không để ai dán đè mã khác.",
            ),
            (
                "Bật thông báo số dư",
                "Bật thông báo biến động số dư trên ứng dụng (hoặc loa báo tiền) để biết tiền đã về.",
            ),
            (
                "Kiểm tra trước khi giao hàng",
                "Chỉ giao hàng khi ứng dụng của mình báo tiền đã về; không tin ảnh chụp màn hình chuyển khoản của khách.",
            ),
        ],
        "questions": [
            (
                "Khi nào mới giao hàng cho khách chuyển khoản?",
                [
                    "Khi ứng dụng của mình báo tiền đã về",
                    "Khi khách đưa ảnh chụp màn hình",
                    "Khi khách nói đã chuyển",
                ],
                1,
            ),
            (
                "Vì sao phải để ý mã QR dán tại quầy?",
                ["Kẻ gian có thể dán đè mã của họ", "Mã QR hay bị phai màu", "Không cần để ý"],
                1,
            ),
            (
                "Lấy mã QR nhận tiền ở đâu?",
                [
                    "Mục Mã QR của tôi / Nhận tiền trong ứng dụng ngân hàng",
                    "Trên VNeID",
                    "Ở bưu điện",
                ],
                1,
            ),
        ],
        "course": "",
    },
    # ---- Phòng chống lừa đảo -----------------------------------------------------------
    {
        "code": "lua-dao-cuoc-goi",
        "app": "scams",
        "activity": "scam_awareness",
        "title": "Nhận biết cuộc gọi lừa đảo giả danh công an, ngân hàng, cán bộ",
        "summary": "Những dấu hiệu thường gặp và cách xử lý khi nhận cuộc gọi đòi chuyển tiền.",
        "steps": [
            (
                "Dấu hiệu",
                "Người gọi xưng công an, tòa án, viện kiểm sát, ngân hàng, điện lực hay cán bộ xã; nói bạn liên quan vụ án, nợ cước, trúng thưởng; hối thúc, đe doạ, dặn giữ bí mật.",
            ),
            (
                "Những điều cơ quan thật không làm",
                "Công an không làm việc qua điện thoại để yêu cầu chuyển tiền; ngân hàng không hỏi mật khẩu, mã OTP; không cán bộ nào bảo cài VNeID từ đường link gửi qua tin nhắn.",
            ),
            (
                "Cách xử lý",
                "Không chuyển tiền, không đọc OTP, không cài ứng dụng theo yêu cầu. Cúp máy, gọi lại số tổng đài in trên thẻ ngân hàng hoặc hỏi công an xã.",
            ),
            (
                "Nếu lỡ chuyển tiền",
                "Gọi ngay tổng đài ngân hàng để đề nghị phong toả, báo công an nơi gần nhất hoặc tố giác qua VNeID.",
            ),
        ],
        "questions": [
            (
                "Người xưng công an gọi điện yêu cầu chuyển tiền để “điều tra”, bạn làm gì?",
                [
                    "Chuyển ngay để tránh rắc rối",
                    "Cúp máy, không chuyển, báo công an xã",
                    "Đọc mã OTP cho họ",
                ],
                2,
            ),
            ("Ngân hàng có bao giờ gọi hỏi mã OTP không?", ["Có", "Không"], 2),
            (
                "Lỡ chuyển tiền cho kẻ lừa đảo, việc đầu tiên là gì?",
                [
                    "Gọi ngay tổng đài ngân hàng và báo công an",
                    "Chờ vài ngày xem sao",
                    "Chuyển thêm tiền để lấy lại",
                ],
                1,
            ),
        ],
        "course": "Kỹ năng an toàn trên môi trường mạng",
    },
    {
        "code": "lua-dao-tin-nhan-duong-link",
        "app": "scams",
        "activity": "scam_awareness",
        "title": "Nhận biết tin nhắn, đường link và ứng dụng giả mạo",
        "summary": "Tin nhắn khoá tài khoản, trúng thưởng, cập nhật sinh trắc học kèm đường link là dấu hiệu lừa đảo.",
        "steps": [
            (
                "Dấu hiệu",
                "Tin nhắn báo tài khoản bị khoá, trúng thưởng, cần cập nhật thông tin, kèm đường link lạ hoặc tệp .apk; tên người gửi có thể giống ngân hàng.",
            ),
            (
                "Xem kỹ địa chỉ",
                "Trang của cơ quan nhà nước có đuôi .gov.vn; địa chỉ gần giống nhưng sai một ký tự, thêm chữ, đuôi lạ là giả.",
            ),
            (
                "Không bấm, không cài",
                "Không bấm đường link, không cài ứng dụng ngoài CH Play, App Store, không nhập mật khẩu vào trang lạ.",
            ),
            (
                "Kiểm tra và cảnh báo",
                "Tự mở ứng dụng chính thức hoặc gọi tổng đài để kiểm tra. Báo trang lừa đảo tại canhbao.khonggianmang.gov.vn và nhắc người thân.",
            ),
        ],
        "questions": [
            (
                "Tin nhắn báo tài khoản bị khoá kèm đường link, bạn làm gì?",
                [
                    "Bấm ngay để mở khoá",
                    "Không bấm, tự mở ứng dụng chính thức để kiểm tra",
                    "Chuyển tiếp cho bạn bè",
                ],
                2,
            ),
            ("Trang của cơ quan nhà nước Việt Nam có đuôi gì?", [".gov.vn", ".com", ".xyz"], 1),
            ("Có nên cài tệp .apk người lạ gửi?", ["Có", "Không"], 2),
        ],
        "course": "Kỹ năng an toàn trên môi trường mạng",
    },
    {
        "code": "lua-dao-bao-cao",
        "app": "scams",
        "activity": "scam_awareness",
        "title": "Báo cáo lừa đảo trực tuyến, tin nhắn rác, cuộc gọi rác",
        "summary": "Giúp cơ quan chức năng chặn kẻ gian và cảnh báo người khác.",
        "steps": [
            (
                "Giữ bằng chứng",
                "Chụp màn hình tin nhắn, số điện thoại, đường link, giao dịch; không xoá.",
            ),
            (
                "Báo trang, đường link lừa đảo",
                "Vào canhbao.khonggianmang.gov.vn, chọn phản ánh, dán đường link và mô tả.",
            ),
            (
                "Báo tin nhắn rác, cuộc gọi rác",
                "Phản ánh tin nhắn rác, cuộc gọi rác tới đầu số 5656 theo hướng dẫn của nhà mạng.",
            ),
            (
                "Báo công an",
                "Trình báo công an xã nơi gần nhất hoặc tố giác qua VNeID, kèm các bằng chứng đã giữ.",
            ),
        ],
        "questions": [
            (
                "Việc đầu tiên khi gặp lừa đảo trực tuyến?",
                [
                    "Giữ bằng chứng: chụp màn hình, số điện thoại, đường link",
                    "Xoá hết tin nhắn",
                    "Nhắn tin chửi kẻ gian",
                ],
                1,
            ),
            (
                "Báo đường link lừa đảo ở đâu?",
                ["canhbao.khonggianmang.gov.vn", "Bình luận trên mạng xã hội", "Không báo được"],
                1,
            ),
            (
                "Có thể tố giác lừa đảo với công an qua ứng dụng nào?",
                ["VNeID", "Trò chơi điện tử", "Ứng dụng chụp ảnh"],
                1,
            ),
        ],
        "course": "Kỹ năng an toàn trên môi trường mạng",
    },
]

# The former list of skills (`Member.skills`, teams' `Skill`) → the tasks it stands for.
LEGACY_SKILLS = {
    "vneid": ["vneid-cai-dat-muc-1", "vneid-muc-2"],
    "vssid": ["vssid-cai-dat-dang-nhap", "vssid-the-bhyt"],
    "public_services": ["dvc-dang-nhap-vneid", "dvc-nop-ho-so"],
    "cashless": ["ttkdtm-app-ngan-hang", "ttkdtm-vietqr"],
    "scams": ["lua-dao-cuoc-goi", "lua-dao-tin-nhan-duong-link"],
}


def seed_catalogue(apps: Apps | None = None) -> int:
    """Create the tasks, their guides and questions that are missing; how many tasks were
    added. `apps` is a migration's app registry (None: the installed models)."""
    if apps is None:
        from django.apps import apps as installed

        apps = installed
    Task = apps.get_model("skills", "Task")
    Question = apps.get_model("skills", "CheckQuestion")
    Guide = apps.get_model("portal", "Guide")
    Step = apps.get_model("portal", "GuideStep")
    ActivityType = apps.get_model("activities", "ActivityType")
    types = {t.code: t for t in ActivityType.objects.all()}
    added = 0
    for position, row in enumerate(TASKS, start=1):
        if Task.objects.filter(code=row["code"]).exists():
            continue
        guide, created = Guide.objects.get_or_create(
            slug=row["code"],
            # Members' guides, read on the skills pages: not listed among the residents' guides.
            defaults={
                "title": row["title"],
                "summary": row["summary"],
                "position": 100 + position,
                "is_published": False,
            },
        )
        if created:
            Step.objects.bulk_create(
                Step(guide=guide, position=n, title=title, text=text)
                for n, (title, text) in enumerate(row["steps"], start=1)
            )
        task = Task.objects.create(
            code=row["code"],
            app=row["app"],
            title=row["title"],
            position=position,
            guide=guide,
            activity_type=types.get(row["activity"]),
            course_title=row["course"],
            course_url=BDHVS if row["course"] else "",
        )
        Question.objects.bulk_create(
            Question(task=task, position=n, text=q, options="\n".join(options), answer=answer)
            for n, (q, options, answer) in enumerate(row["questions"], start=1)
        )
        added += 1
    return added


def adopt_legacy_skills(apps: Apps | None = None) -> int:
    """Members' former "can guide" topics become confirmed "hướng dẫn được" levels (they were
    set by those who keep the member's record); the list itself stays as it was. How many
    levels were written."""
    from django.utils import timezone

    if apps is None:
        from django.apps import apps as installed

        apps = installed
    Member = apps.get_model("teams", "Member")
    Task = apps.get_model("skills", "Task")
    SkillLevel = apps.get_model("skills", "SkillLevel")
    tasks = {t.code: t for t in Task.objects.all()}
    now = timezone.now()
    written = 0
    for member in Member.objects.exclude(skills=[]).only("pk", "skills").iterator():
        for skill in member.skills or []:
            for code in LEGACY_SKILLS.get(skill, []):
                task = tasks.get(code)
                if task is None or SkillLevel.objects.filter(member=member, task=task).exists():
                    continue
                SkillLevel.objects.create(
                    member=member, task=task, level="can_guide", source="legacy",
                    changed_at=now, raised_at=now, confirmed_at=now,
                )  # fmt: skip
                written += 1
    return written
