"""The real report of phường Thạch Khôi (tháng 11/2025, shared/seeds/002_c69ecaed7d58e06f.txt)
rebuilt as a baocao report: its sections 1, 2, 3 and 7 as prose blocks with every
annotated figure as a placeholder, the values from the seed's facts.yaml, its four
footnotes as footnote blocks. The DOCX must read exactly like the seed, apart from
whitespace and the slips listed in HUMAN_SLIPS."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml

from baocao.backup import audit
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.documents.footnotes import footnotes_of
from baocao.documents.model import build_document
from baocao.documents.services import render_report
from baocao.reports.models import Block, Report, Section, Value
from tests.conftest import SHARED
from tests.documents.helpers import body_text_with_notes, cell_lines, open_docx, squeeze

SEED = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"
FACTS = SHARED / "seeds" / "002_c69ecaed7d58e06f.facts.yaml"

# What the clerk typed differently from what baocao writes; each is applied to the
# seed's text before comparing (seed text, what the rendered document says).
HUMAN_SLIPS = [
    # Section 1.: its first subsection is numbered 1.2 (the bold "Công nghiệp, ..." lead
    # before it was never numbered 1.1); documents number the outline, so 1.1.
    ("1.2 Nông nghiệp:", "1.1 Nông nghiệp:"),
    # Section 2: the sentence with note ² has no full stop.
    ("đạt 14% dự toán giao²", "đạt 14% dự toán giao²."),
    # Note ²: "080" zero-padded; an amount in tỷ/triệu words takes no padding.
    ("6 tỷ 080 triệu", "6 tỷ 80 triệu"),
    # Section 7: a space before the colon and none after it.
    ("Tổng số hồ sơ tiếp nhận :1.527", "Tổng số hồ sơ tiếp nhận: 1.527"),
    # Section 7: spaces before "%" and ";".
    ("đạt 100 % ;", "đạt 100%;"),
    ("đạt 88,73 %.", "đạt 88,73%."),
]

# The seed's prose with its figures as placeholders. "giảm 45 hộ" / "giảm 26 hộ" stay
# literal: the facts hold them as changes of -45 and -26, and the prose syntax has no
# absolute-value format to write a fall as "giảm 45".
OUTLINE = [
    {
        "number": "I",
        "title": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        "children": [
            {
                "number": "1",
                "title": "Lĩnh vực kinh tế",
                "blocks": [
                    (
                        "- **Công nghiệp, thương mại, dịch vụ:** Tình hình sản xuất, kinh doanh trên địa bàn phường trong {{period}} tiếp tục giữ ổn định, UBND phường đã tiếp nhận và giải quyết {{dkkd.total}} hồ sơ liên quan đến hoạt động của các hộ kinh doanh, sản xuất trên địa bàn[^dkkd].",
                        {
                            "dkkd": "{{dkkd.dissolved}} hộ giải thể, phá sản, xóa tên hộ kinh doanh; {{dkkd.suspended|pad}} tạm ngừng hoạt động; {{dkkd.new}} hộ thành lập mới; {{dkkd.changed}} hộ thay đổi nội dung ĐKKD"
                        },
                    ),
                    "Thực hiện 01 cuộc đối thoại với các doanh nghiệp, trên tinh thần thẳng thắn trao đổi, người đứng đầu chính quyền địa phương đã tiếp nhận và giải đáp 07 ý kiến vướng mắc của các doanh nghiệp trên địa bàn.",
                    "Duy trì công tác quản lý nhà nước về hoạt động của các chợ trên địa bàn phường.",
                    "Thực hiện các nhiệm vụ theo phân cấp, phân quyền, được Luật giao và chỉ đạo, hướng dẫn của Ủy ban nhân dân thành phố, Ủy ban phường đã ban hành văn bản quy phạm pháp luật về quy chế phối hợp quản lý nhà nước bảo vệ quyền lợi người tiêu dùng trên địa bàn {{unit}}.",
                ],
                "children": [
                    {
                        "number": "1.2",
                        "title": "Nông nghiệp:",
                        "blocks": [
                            "Hoàn thành thu hoạch lúa mùa theo đúng kế hoạch thời vụ, sản lượng thóc ước đạt {{nongnghiep.rice_output}} tấn (năng suất ước đạt {{nongnghiep.rice_yield}} tạ/ha). Trong tháng người dân đã xuống giống trồng cây vụ đông, tích cực mở rộng diện tích cây trồng, hoa màu. Chỉ đạo các hợp tác xã trên địa bàn thường xuyên theo dõi nắm bắt tình hình thời tiết, cảnh báo người dân chủ động các biện pháp bảo vệ cây trồng trong điều kiện thời tiết có nền nhiệt độ lên xuống thất thường. Chú ý theo dõi quá trình sinh trưởng của cây đào cảnh, chuẩn bị cho công tác tuốt lá đào đảm bảo thời gian trở hoa đúng dịp Tết Nguyên Đán.",
                            "Triển khai công tác rà soát hộ nghèo, hộ cận nghèo và xác định hộ làm nông nghiệp có mức sống trung bình",
                            "Xây dựng Kế hoạch, thành lập Tổ công tác rà soát hộ nghèo, hộ cận nghèo và xác định hộ làm nông nghiệp có mức sống trung bình trên địa bàn phường. Sau rà soát, số hộ nghèo còn {{giamngheo.poor}} hộ - giảm 45 hộ (chiếm tỷ lệ {{giamngheo.poor_rate}}%), hộ cận nghèo còn {{giamngheo.near_poor}} hộ - giảm 26 hộ (chiếm tỷ lệ {{giamngheo.near_poor_rate}}%). UBND phường giao cho Ban chỉ đạo CTMTQG Giảm nghèo bền vững phường tổ chức họp đánh giá, thống nhất kết quả sau rà soát tham mưu UBND phường ra quyết định công nhận hộ nghèo, hộ cận nghèo và hộ làm nông nghiệp có mức sống trung bình năm 2025.",
                        ],
                    }
                ],
            },
            {
                "number": "2",
                "title": "Công tác thu, chi ngân sách:",
                "blocks": [
                    "Số thu ngân sách địa phương {{period}} ước thực hiện {{ngansach.revenue|ty}} đồng, trong đó thu ngân sách địa phương không tính số thu bổ sung từ ngân sách thành phố {{period}} số thu ước đạt {{period}} là {{ngansach.revenue.own|ty}} đồng, đạt {{ngansach.revenue.own_pct_estimate}}% dự toán; thu từ nguồn bổ sung có mục tiêu từ ngân sách thành phố là {{ngansach.revenue.transfer|ty}} đồng.",
                    (
                        "Chi ngân sách nhà nước {{period}} ước đạt là {{ngansach.expenditure|ty}} đồng, đạt {{ngansach.expenditure.pct_estimate}}% dự toán giao[^chi].",
                        {
                            "chi": "Chi đầu tư: {{ngansach.expenditure.investment|ty}} đồng đạt {{ngansach.expenditure.investment_pct_estimate}}% dự toán giao; Chi TX: {{ngansach.expenditure.recurrent|ty}} đồng đạt {{ngansach.expenditure.recurrent_pct_estimate}}% dự toán giao"
                        },
                    ),
                ],
            },
            {
                "number": "3",
                "title": "Quản lý đô thị, tài nguyên môi trường, đầu tư phát triển",
                "children": [
                    {
                        "number": "3.1",
                        "title": "Quản lý quy hoạch đô thị, xây dựng, đất đai",
                        "blocks": [
                            (
                                "Thực hiện các nhiệm vụ được phân cấp, phân quyền, trong {{period}}/{{period.year}} Ủy ban nhân dân phường đã tiếp nhận {{datdai.received}} hồ sơ thuộc lĩnh vực đất đai[^nhan] được tiếp nhận qua Trung tâm Phục vụ hành chính công phường. Chỉ đạo phòng Kinh tế, Hạ tầng và Đô thị tham mưu giải quyết {{datdai.resolved}} hồ sơ[^gq], còn {{datdai.pending|pad}} hồ sơ phường đang chỉ đạo giải quyết.",
                                {
                                    "nhan": "{{datdai.received.correction}} hồ sơ đính chính, {{datdai.received.purpose_change}} hồ sơ chuyển mục đích",
                                    # The resolved files are not split in the catalog.
                                    "gq": "7 hồ sơ đính chính, 6 hồ sơ chuyển mục đích",
                                },
                            ),
                            "Sau hai tháng triển khai và thực hiện Kế hoạch số 239/KH-UBND ngày 14/09/2025 của UBND thành phố Hải Phòng về triển khai kế hoạch làm giàu, làm sạch cơ sở dữ liệu về đất đai, Ủy ban nhân dân phường đã hoàn thành thu thập, rà soát, bổ sung thông tin dữ liệu về đất đai. Cơ bản hoàn thành chỉ tiêu, nhiệm vụ việc thu thập, bổ sung thông tin dữ liệu đất đai theo kế hoạch.",
                            "Để phục vụ cho việc xác định phương án bồi thường các dự án trên địa bàn, Ủy ban nhân dân phường đã giao phòng Kinh tế, Hạ tầng và Đô thị tập trung chỉ đạo chuyên môn kiểm tra, rà soát và làm việc với các hộ gia đình có đất ở, đất nông nghiệp trong phạm vi dự án, xác định nguồn gốc đất nông nghiệp của 26 hộ gia đình đang sử dụng đất tại khu chuyển đổi nuôi trồng thủy sản thuộc Tổ dân phố Tầng Hạ, và Đồng Bào; xác định nguồn gốc đất ở của 10 hộ thuộc phạm vi dự án Cải tạo, nâng cấp hạ tầng vùng nuôi trồng thủy sản phường Thạch Khôi; xác định nguồn gốc đất nông nghiệp của 10 hộ trong phạm vi dự án Cải tạo mặt đường Đinh Lễ.",
                            "Kiểm tra thực địa, rà soát diện tích của 12 thửa đất có sai sót, đề nghị chỉnh lý tại dự án đường tránh Quốc Lộ 37 và ban hành điều chỉnh thông báo thu hồi đất của 10 hộ sau khi đã chỉnh lý trích lục.",
                        ],
                    },
                    {
                        "number": "3.2",
                        "title": "Công tác đầu tư công:",
                        "blocks": [
                            "Thực hiện Nghị quyết số 13/NQ-HĐND của Hội đồng nhân dân phường, Ủy ban nhân dân phường đã vận động các tổ dân phố rà soát các tuyến đường, tuyến phố trên địa bàn cần cải tạo, mở rộng. Đến nay đã có 05 tổ dân phố đăng ký cải tạo, mở rộng (Lễ Quán, Nguyễn Xá, Tầng Hạ, Thái Bình, Phú Tảo) với tổng 05 tuyến đường. Đối với công trình dự án cải tạo tuyến đường Lý Thái Tông tại khu Phú Tảo, hiện nay UBND phường đang phối hợp với đơn vị đo đạc tiến hành đo trích lục, kiểm kê tài sản của các hộ dân phục vụ công tác giải phóng mặt bằng.",
                            "- Trong tháng 11/2025 đã hoàn tất thi công cải tạo công trình hội trường phòng họp tầng 3 trụ sở Đảng ủy, HĐND, UBND phường, bàn giao và đưa vào sử dụng. Ủy ban Phường đang chỉ đạo phòng chuyên môn tham mưu hoàn tất quyết toán công trình theo quy định.",
                            "- Từ đầu tháng 11 đơn vị thi công tiến hành triển khai lắp đặt hệ thống điện chiếu sáng trục QL 37, khởi công xây dựng công trình trụ sở nhà làm việc 03 tầng, nhà văn hóa Qua Bộ. Song song với đó phường thực hiện nghiêm công tác kiểm tra, giám sát, giao cơ quan chuyên môn, các ủy viên phụ trách địa bàn tăng cường theo dõi, giám sát, đảm bảo chất lượng thi công công trình.",
                            "Đối với một số công trình dự án đầu tư công đã đưa vào kế hoạch năm 2025, tuy nhiên đến nay do nguyên nhân khách quan, chưa triển khai thực hiện, ủy ban phường đã linh hoạt báo cáo cấp có thẩm quyền điều chỉnh danh mục đầu tư công, báo cáo điều chỉnh, bổ sung kế hoạch đầu tư công năm 2025, kế hoạch đầu tư công trung hạn 2021 - 2025 đảm bảo tiến độ giải ngân vốn đầu tư công năm 2025 đạt 100% kế hoạch giao.",
                        ],
                    },
                    {
                        "number": "3.3",
                        "title": "Quản lý đô thị, trật tự xây dựng và vệ sinh môi trường:",
                        "blocks": [
                            "Công tác quản lý đô thị, trật tự xây dựng, vệ sinh môi trường thường xuyên được quán triệt, chỉ đạo sát sao. Trong tháng Ủy ban phường tiến hành các cuộc họp giao ban, họp với các phòng chuyên môn, trong các cuộc họp lãnh đạo phường chỉ đạo quyết liệt công tác quản lý đô thị, trật tự xây dựng, nhất là trong điều kiện tình hình mới sáp nhập các xã, phường, địa hình rộng và trong lúc chính quyền hai cấp đang dần ổn định. Quán triệt công chức chuyên môn tăng cường bám sát địa bàn, kiểm tra giám sát hằng ngày, xử lý nghiêm các trường hợp vi phạm. Qua công tác tuần tra, kiểm tra phát hiện 02 trường hợp san lấp trái phép đất ao công và đất 03. Phường đã yêu cầu chấm dứt và tự giác khắc phục trả lại tình trạng ban đầu. Trong giai đoạn các tháng cuối năm, tháng cao điểm của người dân cải tạo, xây dựng mộ mả, chính quyền đã yêu cầu phòng Kinh tế, Hạ tầng và Đô thị chỉ đạo cơ quan chuyên môn tăng cường lực lượng, tăng thời gian kiểm tra xung quanh khu vực các nghĩa trang, kịp thời phát hiện tình trạng xây công trình lấn chiếm, trái phép.",
                            "Chỉ đạo Tổ trật tự phường ra quân 10 lượt làm trật tự đô thị, trong đó tập trung vào các khu vực như chợ Cá, chợ Đầu mối nông sản, các chợ tự phát như chợ Đồng Bào, chợ ngã 4 Thanh Xá, chợ ngã 3 Phú Tảo, thu giữ 15 biển quảng cáo (biển vẫy) đặt không đúng quy định. Phân công ca trực hàng ngày tăng cường làm trật tự tại khu vực cổng công ty BVT.",
                            "Công tác giải quyết hồ sơ liên quan đến giấy phép xây dựng: tiếp nhận {{xaydung.permits_received}} hồ sơ liên quan đến giấy phép xây dựng, trong đó điều chỉnh đối với GPXD là {{xaydung.permits_adjusted|pad}} hồ sơ, đề nghị cấp phép xây dựng mới là {{xaydung.permits_new}} hồ sơ; các hồ sơ đều đã được giải quyết và trả kết quả đúng thời gian quy định.",
                            "Bên cạnh công tác cấp giấy phép, chuyên viên các phòng chuyên môn cũng thực hiện tăng cường kiểm tra các công trình xây dựng để đảm bảo thực hiện nghiêm quy định của pháp luật. Tổng số đã kiểm tra 10 trường hợp thi công xây dựng sau cấp phép, các công trình đều thi công đúng với ranh giới, chỉ giới đã được cấp phép.",
                        ],
                    },
                ],
            },
            # Sections 4-6 by their headings only: documents number the outline, so
            # section 7 is the seventh.
            {"number": "4", "title": "Công tác giải phóng mặt bằng (GPMB)"},
            {"number": "5", "title": "Văn hóa - Xã hội"},
            {"number": "6", "title": "Văn phòng, Tư pháp"},
            {
                "number": "7",
                "title": "Trung tâm Phục vụ Hành chính công:",
                "blocks": [
                    "Hoạt động của Trung tâm Phục vụ Hành chính công là một điểm nhấn của mô hình chính quyền địa phương hai cấp, từ đầu tháng 7 đến nay công tác thực hiện nhiệm vụ của Trung tâm Phục vụ Hành chính công phường luôn được quan tâm, chỉ đạo. Đến nay qua 05 tháng vận hành, công tác chỉ đạo, điều hành Trung tâm đã đi vào nề nếp và đạt được kết quả tích cực. Tại trung tâm đã thực hiện niêm yết công khai thủ tục hành chính thuộc phạm vi, lĩnh vực của UBND phường giải quyết. Tổng số TTHC thuộc phạm vi giải quyết gồm {{tthc.procedures.total}} TTHC trong đó có {{tthc.procedures.offline}} TTHC chưa cung cấp DVC toàn trình, {{tthc.procedures.partial_online}} TTHC cung cấp DVC trực tuyến một phần; {{tthc.procedures.full_online}} DVC cung cấp trực tuyến toàn trình. Ngoài ra niêm yết mã QR 1555 TTHC thực hiện không phụ thuộc vào địa giới hành chính.",
                    "Kết quả thực hiện nhiệm vụ: trong tháng Trung tâm phục vụ hành chính công tiếp đón trên {{tthc.visits}} lượt công dân tới giao dịch làm việc. Tổng số hồ sơ tiếp nhận: {{tthc.received}} hồ sơ trong đó: tiếp nhận trực tuyến {{tthc.received.online}} hồ sơ; trực tiếp {{tthc.received.direct}}, kỳ trước chuyển qua {{tthc.received.carried_over}} hồ sơ. Số lượng hồ sơ đã giải quyết {{tthc.resolved}} hồ sơ, trong đó trước hạn {{tthc.resolved.early}} hồ sơ, từ chối: {{tthc.rejected|pad}} hồ sơ; rút {{tthc.withdrawn}} hồ sơ, đang giải quyết {{tthc.in_progress}} hồ sơ.",
                    "Tỉ lệ số hóa hồ sơ kết quả giải quyết TTHC đạt {{tthc.digitized.result_rate}}%; tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận đạt {{tthc.online.rate}}%. Tỉ lệ thanh toán trực tuyến đạt {{tthc.online_payment.rate}}%. Trong tháng không có phản ánh kiến nghị của người dân, doanh nghiệp trên hệ thống cổng dịch vụ công quốc gia.",
                ],
            },
        ],
    }
]

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not on this machine")


# -- the fixture report ------------------------------------------------------------------


def make_seed_report() -> Report:
    """Thạch Khôi's tháng 11/2025 report, built from OUTLINE and the seed's facts (the
    demo's report of that month is removed first; the test's transaction restores it)."""
    unit = Unit.objects.get(code="11002")
    template = ReportTemplate.objects.get(code="ubnd-monthly")
    with audit.purge():  # the demo's synthetic history goes with its report
        Report.objects.filter(unit=unit, template=template, period="2025-11").delete()
    report = Report.objects.create(unit=unit, template=template, period="2025-11")
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))["facts"]
    indicators = Indicator.objects.in_bulk([f["code"] for f in facts], field_name="code")
    Value.objects.bulk_create(
        Value(report=report, indicator=indicators[f["code"]], value=Decimal(str(f["value"])))
        for f in facts
    )
    add_sections(report, OUTLINE, parent=None, counter=iter(range(1000)))
    return report


def add_sections(report: Report, items: list[dict], parent: Section | None, counter) -> None:
    for item in items:
        section = Section.objects.create(
            report=report,
            parent=parent,
            position=next(counter),
            number=item["number"],
            title=item["title"],
        )
        for position, block in enumerate(item.get("blocks", [])):
            text, notes = block if isinstance(block, tuple) else (block, {})
            paragraph = Block.objects.create(section=section, position=position, text=text)
            for key, note in notes.items():
                Block.objects.create(
                    section=section,
                    position=position,
                    kind=Block.FOOTNOTE,
                    anchor=paragraph,
                    key=key,
                    text=note,
                )
        add_sections(report, item.get("children", []), section, counter)


# -- the seed's text -------------------------------------------------------------------

NOTE_LINE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+) (.*)$")


def seed_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    for typed, written in HUMAN_SLIPS:
        assert text.count(typed) == 1, typed
        text = text.replace(typed, written)
    return text


def seed_part(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def seed_sections_and_notes() -> tuple[str, list[str]]:
    """Sections I.1-3 and I.7 of the seed (4-6 by their headings), and the notes printed
    at their page feet."""
    text = seed_text()
    part = seed_part(text, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "4. Công tác giải phóng mặt bằng")
    part += "\n4. Công tác giải phóng mặt bằng (GPMB)\n5. Văn hóa - Xã hội\n6. Văn phòng, Tư pháp\n"
    part += seed_part(text, "7. Trung tâm Phục vụ Hành chính công:", "8. Công tác Quốc phòng")
    body, notes = [], []
    for line in part.splitlines():
        if match := NOTE_LINE.match(line):
            notes.append(match.group(2))
        else:
            body.append(line)
    return "\n".join(body), notes


# -- the tests -------------------------------------------------------------------------


@pytest.fixture
def seed_docx(db):
    # A draft (the seed's report is not approved, and validation flags its revenue):
    # the text is the final one, the mark is in the page header only.
    return open_docx(render_report(make_seed_report(), "docx", final=False))


def test_the_rebuilt_seed_report_is_complete_and_final(db):
    doc = build_document(make_seed_report(), final=True)  # raises on a missing figure
    assert doc.missing == []
    assert len(doc.footnotes) == 4


def test_rendered_sections_read_exactly_like_the_seed(seed_docx):
    expected, _ = seed_sections_and_notes()
    lines = body_text_with_notes(seed_docx)
    start = lines.index("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    end = next(i for i, line in enumerate(lines) if line.startswith("Trên đây là"))
    assert squeeze("\n".join(lines[start:end])) == squeeze(expected)


def test_rendered_footnotes_are_the_seeds_four_notes_in_order(seed_docx):
    _, expected = seed_sections_and_notes()
    assert len(expected) == 4
    assert [squeeze(n) for n in footnotes_of(seed_docx).values()] == [squeeze(n) for n in expected]


def test_number_place_date_type_and_title_read_like_the_seed(seed_docx):
    # The seed leaves the number and the day blank, to be written in when signed.
    seed = [line for line in seed_text().splitlines() if line.strip()][:4]
    header = seed_docx.tables[0]
    ours = [
        *cell_lines(header.cell(1, 0)),
        *cell_lines(header.cell(1, 1)),
        *[p.text for p in seed_docx.paragraphs if p.text][:2],
    ]
    assert [squeeze(line) for line in ours] == [squeeze(line) for line in seed]
