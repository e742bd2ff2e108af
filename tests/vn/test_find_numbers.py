"""find_numbers: the figures of a paragraph, and only the figures."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from baocao.vn import VNNumberError, find_numbers, nfc, parse_vn_number

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def texts(paragraph: str) -> list[str]:
    return [m.text for m in find_numbers(paragraph)]


# -- whole paragraphs of the seed reports, figures read by hand ----------------


def test_one_stop_shop_footnote_of_seed_000():
    paragraph = (
        "³ Từ ngày 20/9/2025 đến ngày 16/10/2025, Trung tâm phục vụ hành chính công tiếp "
        "nhận, giải quyết 858 hồ sơ (trong đó trực tuyến 610 hồ sơ, trực tiếp 206 hồ sơ, từ "
        "kỳ trước chuyển sang giải quyết 42 hồ sơ); giải quyết, trả kết quả 818 hồ sơ "
        "(trước, đúng hạn 814 hồ sơ; quá hạn 04 hồ sơ); đang giải quyết trong hạn 40 hồ sơ. "
        "Đã thanh toán trực tuyến trên dịch vụ công 465/547 đạt 85%. Số hóa đầy đủ thành "
        "phần hồ sơ đạt 99,87%, 100% kết quả giải quyết được số hóa. Tỷ lệ % hồ sơ trực "
        "tuyến trên tổng hồ sơ của các DVCTT đạt 99.51%; Tỷ lệ % hồ sơ trực tuyến trên "
        "tổng hồ sơ đạt 74,69%."
    )
    found = find_numbers(paragraph)
    assert [m.text for m in found] == [
        "858", "610", "206", "42", "818", "814", "04", "40",
        "465/547", "85%", "99,87%", "100%", "99.51%", "74,69%",
    ]  # fmt: skip
    assert [m.value for m in found[-3:]] == [100, Decimal("99.51"), Decimal("74.69")]
    assert [m.kind for m in found[8:10]] == ["ratio", "percent"]


def test_budget_paragraph_of_seed_002():
    paragraph = (
        "2. Công tác thu, chi ngân sách: Số thu ngân sách địa phương tháng 11 ước thực hiện "
        "11 tỷ 15 triệu đồng, trong đó thu ngân sách địa phương không tính số thu bổ sung từ "
        "ngân sách thành phố tháng 11 số thu ước đạt tháng 11 là 3 tỷ 882 triệu đồng, đạt "
        "20% dự toán; thu từ nguồn bổ sung có mục tiêu từ ngân sách thành phố là 7 tỷ 233 "
        "triệu đồng."
    )
    found = find_numbers(paragraph)
    assert [m.text for m in found] == ["11 tỷ 15 triệu", "3 tỷ 882 triệu", "20%", "7 tỷ 233 triệu"]
    assert [m.value for m in found] == [11_015_000_000, 3_882_000_000, 20, 7_233_000_000]
    assert [m.kind for m in found] == ["money", "money", "percent", "money"]
    assert found[0].approximate  # "ước thực hiện": an estimate


def test_land_paragraph_of_seed_002():
    paragraph = (
        "Thực hiện các nhiệm vụ được phân cấp, phân quyền, trong tháng 11/2025 Ủy ban nhân "
        "dân phường đã tiếp nhận 19 hồ sơ thuộc lĩnh vực đất đai³ được tiếp nhận qua Trung "
        "tâm Phục vụ hành chính công phường. Chỉ đạo phòng Kinh tế, Hạ tầng và Đô thị tham "
        "mưu giải quyết 13 hồ sơ⁴, còn 06 hồ sơ phường đang chỉ đạo giải quyết."
    )
    assert texts(paragraph) == ["19", "13", "06"]


def test_paragraph_of_references_has_no_figures():
    paragraph = (
        "Sau hai tháng triển khai và thực hiện Kế hoạch số 239/KH-UBND ngày 14/09/2025 của "
        "UBND thành phố Hải Phòng về triển khai kế hoạch làm giàu, làm sạch cơ sở dữ liệu về "
        "đất đai. Ủy ban nhân dân phường tham mưu Đảng ủy phường kế hoạch và tổ chức thực "
        "hiện Nghị quyết số 72-NQ/TW ngày 09/09/2025 của Bộ Chính trị. Tuyên truyền và thực "
        "hiện theo Chỉ thị số 17/CT-UBND ngày 14 tháng 11 năm 2025 của UBND thành phố."
    )
    assert texts(paragraph) == []


def test_names_with_numbers_of_seed_000_are_not_figures():
    paragraph = (
        "2. Chỉ đạo triển khai thực hiện các nhiệm vụ Ban Công tác 35 Đảng ủy xã; thành lập "
        "các nhóm Mocha 35 (Ban Công tác 35, Tổ cộng tác viên 35) và duy trì hoạt động đảm "
        "bảo hiệu quả. Đôn đốc các tổ chức đảng rà soát trình hồ sơ đề nghị kết nạp đảng đợt "
        "03/02/2026 đảm bảo theo quy định, đảm bảo tiến độ, kế hoạch."
    )
    assert texts(paragraph) == []


def test_police_footnote_of_seed_000():
    paragraph = (
        "⁶ Hiện Công an xã đang quản lý 263 đối tượng trong hệ thống DLDC, gồm: quản lý theo "
        "pháp luật 36; quản lý theo nghiệp vụ 189; hành chính 04; khác 34; Quản lý 08 cơ sở "
        "(03 kinh doanh khí gas, 03 lưu trú, 02 karaoke); Xử phạt 01 chủ nhà cho thuê không "
        "khai báo lưu trú."
    )
    assert texts(paragraph) == ["263", "36", "189", "04", "34", "08", "03", "03", "02", "01"]


def test_inspection_paragraph_of_seed_002():
    paragraph = (
        "Tăng cường hoạt động kiểm tra liên ngành, phối hợp với Công an phường tham mưu tổng "
        "hợp báo cáo kết quả hoạt động của Đội kiểm tra liên ngành 178 phường trong 9 tháng "
        "năm 2025 và rà soát, lập danh sách kiểm tra năm 2026. Kết quả đã kiểm tra 17 cơ sở "
        "kinh doanh dịch vụ (phòng trà: 03; Lưu trú: 13; Massage: 01) qua kiểm tra các cơ sở "
        "chấp hành đúng các quy định của pháp luật."
    )
    assert texts(paragraph) == ["9", "17", "03", "13", "01"]


def test_residence_bullets_of_seed_002():
    paragraph = (
        "Công tác triển khai thực hiện nhiệm vụ Đề án 06: Hoàn thành 100% chỉ tiêu làm sạch "
        "dữ liệu; hướng dẫn 1.228 đảng viên tham gia góp ý văn kiện Đại hội XIV qua VneID; "
        "tiếp nhận và sắp xếp 10.636 hồ sơ cư trú.\n"
        "- + Đăng ký thường trú: 264/264 hồ sơ qua Công DVC (Đạt 100%).\n"
        "- + Đăng ký tạm trú: 04/04 hồ sơ qua Công DVC (Đạt 100%).\n"
        " - + Tổ chức 03 buổi tuyên truyền trực tiếp về Luật ATGT tại trường THCS Liên Hồng, "
        "trường Cấp 1-2-3 Nam Hải Dương."
    )
    assert texts(paragraph) == [
        "100%", "1.228", "10.636", "264/264", "100%", "04/04", "100%", "03",
    ]  # fmt: skip


def test_media_footnote_of_seed_000():
    paragraph = (
        "¹ Trong tháng 10, Trung tâm Văn hóa TT&TT đã đăng tải 175 tin, bài trên Fanpage Đại "
        "Sơn Ngày mới; 146 tin bài trên Đài truyền thanh xã; 9 tin bài trên Báo và Đài PTTH "
        "Hải Phòng. Xây dựng 01 phóng sự trình chiếu tại Hội nghị gặp mặt, đối thoại doanh "
        "nghiệp 13/10, với thời lượng 13 phút và 1 chương trình văn nghệ. Chuyển 1 cụm loa "
        "tại trụ sở Công an xã; Treo 6 khẩu hiệu; công tác khám sơ tuyển NVQS năm 2026."
    )
    assert texts(paragraph) == ["175", "146", "9", "01", "13", "1", "1", "6"]


# -- every fact of the seed annotations is found in its quote -------------------


def seed_facts():
    if not SEEDS.is_dir():
        return []
    cases = []
    for facts_file in sorted(SEEDS.glob("*.facts.yaml")):
        text_file = facts_file.with_name(facts_file.name.replace(".facts.yaml", ".txt"))
        for fact in yaml.safe_load(facts_file.read_text(encoding="utf-8"))["facts"]:
            if re.search(r"[0-9]", fact["quote"]):  # "không có phản ánh" states 0 in words
                cases.append(
                    pytest.param(text_file, fact, id=f"{text_file.stem[:3]}-{fact['code']}")
                )
    return cases


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")
@pytest.mark.parametrize(("text_file", "fact"), seed_facts())
def test_seed_fact_is_found_in_its_quote(text_file, fact):
    text = nfc(text_file.read_text(encoding="utf-8"))
    quote = nfc(fact["quote"])
    # "giảm 45 hộ" is annotated as -45: the text writes 45, the verb gives the sign.
    expected = abs(Decimal(str(fact["value"]))) if "giảm" in quote else Decimal(str(fact["value"]))
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    starts = [s for s in starts if s == 0 or not text[s - 1].isdigit()]  # "1 đơn" in "11 đơn"
    assert starts, f"quote not in the seed: {quote!r}"
    found = find_numbers(text)
    for start in starts:
        inside = [m for m in found if start <= m.start and m.end <= start + len(quote)]
        read = {v for m in inside for v in (m.value, m.numerator, m.denominator) if v is not None}
        assert expected in read, f"{quote!r}: found {[m.text for m in inside]}"


# -- what is one number ----------------------------------------------------------


def test_money_phrase_is_one_match_without_the_unit_word():
    text = "ước thực hiện 11 tỷ 15 triệu đồng, trong đó"
    (m,) = find_numbers(text)
    assert (m.value, m.kind, m.text) == (11_015_000_000, "money", "11 tỷ 15 triệu")
    assert text[m.start : m.end] == "11 tỷ 15 triệu"


def test_amount_in_digits_before_dong_is_money():
    (m,) = find_numbers("số tiền: 1.050.761.000 đồng. Cấp")
    assert (m.value, m.kind, m.text) == (1_050_761_000, "money", "1.050.761.000")
    (glued,) = find_numbers("số tiền 1.050.761.000đ.")
    assert (glued.value, glued.kind, glued.text) == (1_050_761_000, "money", "1.050.761.000")


def test_dong_chi_is_comrades_not_money():
    (m,) = find_numbers("Tổng số đảng viên là 1.166 đồng chí")
    assert (m.value, m.kind) == (1166, "count")


def test_d_slash_c_is_comrades_not_money():
    assert [(m.value, m.kind) for m in find_numbers("01 đ/c và 02đ/c")] == [
        (1, "count"),
        (2, "count"),
    ]


def test_ty_le_after_a_number_is_not_billion():
    (m,) = find_numbers("đạt 85 tỷ lệ")
    assert (m.value, m.kind) == (85, "count")


def test_money_remainder_and_decimal_groups():
    assert texts("2 tỷ 300 triệu 500 nghìn đồng") == ["2 tỷ 300 triệu 500 nghìn"]
    assert texts("2 tỷ 300 triệu 500.123 đồng") == ["2 tỷ 300 triệu 500.123"]
    assert [m.value for m in find_numbers("2,5 tỷ đồng và 1,5 triệu")] == [2_500_000_000, 1_500_000]


def test_six_ty_080_trieu():
    (m,) = find_numbers("Chi đầu tư: 6 tỷ 080 triệu đồng")
    assert m.value == 6_080_000_000


def test_percent_with_a_space_keeps_the_sign_in_the_span():
    (m,) = find_numbers("trên tổng số hồ sơ tiếp nhận đạt 88,73 %. Tỉ lệ")
    assert (m.text, m.value, m.kind) == ("88,73 %", Decimal("88.73"), "percent")


def test_ratio_is_one_match():
    (m,) = find_numbers("Đăng ký thường trú: 264/264 hồ sơ")
    assert (m.kind, m.value, m.numerator, m.denominator) == ("ratio", 264, 264, 264)


def test_padded_and_zero_counts():
    (m,) = find_numbers("từ chối: 00 hồ sơ")
    assert (m.value, m.padded) == (0, True)


def test_decimal_and_thousands():
    assert [m.value for m in find_numbers("sản lượng thóc ước đạt 1.801,6 tấn")] == [
        Decimal("1801.6")
    ]
    assert [m.value for m in find_numbers("tiếp nhận 2575 văn bản, 1.527 hồ sơ")] == [2575, 1527]


def test_colon_glued_before_the_number():
    assert texts("Tổng số hồ sơ tiếp nhận :1.527 hồ sơ") == ["1.527"]


def test_approximate_figures():
    found = find_numbers("tiếp đón trên 2.500 lượt công dân, tổng gần 2.179 lượt, 03 buổi")
    assert [(m.value, m.approximate) for m in found] == [(2500, True), (2179, True), (3, False)]


def test_negative_number():
    (m,) = find_numbers("thay đổi -45 hộ")
    assert m.value == -45


def test_narrow_no_break_space_groups_thousands_but_a_plain_space_does_not():
    # In prose "năm 2025 150 hộ" is two numbers; Word's no-break space is a separator.
    assert texts("tiếp nhận 1\u00a0527 hồ sơ") == ["1\u00a0527"]
    assert texts("tiếp nhận 1 527 hồ sơ") == ["1", "527"]


# -- what is not a figure ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "có hiệu lực từ 14/09/2025 trở đi",
        "Ngày Nhà giáo Việt Nam (20/11/1982-20/11/2025), đảm bảo",
        "ngày 05/3/2014 của Chính phủ",
        "Dự kiến tháng 11/2025 nhập học",
        "trong tháng 11 đã",
        "ngày 25, ngày 26/10/2025",
        "quý 3 năm 2025",
        "Đại hội đại biểu lần thứ 2",
        "nhiệm kỳ 2025 - 2030",
        "năm học 2025-2026",
        "giai đoạn 2024-2025",
        "Kế hoạch số 239/KH-UBND",
        "theo Nghị định 154/2025/NĐ-CP",
        "Quyết định số 19/2014/QĐ-TTg",
        "thực hiện Chỉ thị số 05 và",
        "Nghị quyết số 72-NQ/TW của",
        "Nghị quyết số 226 về chính sách",
        "Hướng dẫn số 19HD/UBKTTW, ngày",
        "Nghị quyết 71-NQ/TW;",
        "tiêu chuẩn quốc gia TCVN ISO 9001:2015, cùng",
        "điện chiếu sáng trục QL 37, khởi",
        "đường trục QL37 đoạn",
        "tại dự án đường tránh Quốc Lộ 37 và",
        "mở rộng đường tỉnh 391 đoạn",
        "dự án giải phóng mặt bằng mở rộng đường 391, UBND",
        "theo quy định².",
        "diễn tập Z85A đề nghị",
        "nhiệm vụ Đề án 06: Hoàn thành",
        "thành lập Ban Công tác 35 Đảng ủy xã",
        "thành lập các nhóm Mocha 35 (Ban Công tác 35, Tổ cộng tác viên 35)",
        "hoạt động của Đội kiểm tra liên ngành 178 phường",
        "tại trường Cấp 1-2-3 Nam Hải Dương",
        "ngày thành lập Hội 14/10; chỉ đạo",
        "chào mừng ngày phụ nữ Việt Nam 20/10.",
        "Hội chợ Mùa Thu 2025.",
        "đã nhập học ở Trung đoàn 836).",
        "kích hoạt định danh điện tử mức 2;",
        "chợ ngã 4 Thanh Xá",
        "phòng họp tầng 3 trụ sở",
        "kết nạp đảng đợt 2 năm 2025",
        "theo mục 5.4)",
        "1. Lĩnh vực kinh tế",
        "1.2 Nông nghiệp: Hoàn thành",
        "Kết quả:\n3.1 Quản lý quy hoạch đô thị",
        "lúc 13h30 tại hội trường",
    ],
)
def test_not_a_figure(text):
    assert texts(text) == []


def test_month_word_before_an_impossible_month_is_a_count():
    # "Số đơn tiếp nhận trong tháng 14 đơn" (seed 002): there is no 14th month.
    assert texts("Số đơn tiếp nhận trong tháng 14 đơn gồm") == ["14"]


def test_ratio_that_could_be_a_date():
    assert texts("Cử được 04/05 đồng chí") == ["04/05"]  # 04 <= 05 and a count follows
    assert texts("ở 11/11 thôn") == ["11/11"]
    assert texts("ngày 11/11") == []  # after "ngày" it is a date


def test_name_words_do_not_hide_counts():
    assert texts("Chỉ đạo Tổ trật tự phường ra quân 10 lượt") == ["10"]
    assert texts("Chi trả tiền GPMB 03 hộ dân") == ["03"]  # an acronym, not a name
    assert texts("niêm yết mã QR 1555 TTHC") == ["1555"]
    assert texts("quản lý theo pháp luật 36; khác 34") == ["36", "34"]


# -- adversarial input --------------------------------------------------------------


def test_large_report_is_read_whole():
    unit = "tiếp nhận 1.527 hồ sơ, đạt 88,73 %, thu 11 tỷ 15 triệu đồng ngày 14/09/2025; "
    text = unit * (200_000 // len(unit) + 1)
    found = find_numbers(text)
    assert len(text) >= 200_000
    assert len(found) == 3 * text.count("tiếp nhận")
    assert {m.value for m in found} == {1527, Decimal("88.73"), 11_015_000_000}


PATHOLOGICAL = {
    "digits": ("1" * 200_000, 0),  # far above 10^18
    "dots": ("1." * 100_000, 0),
    "commas": ("1," * 100_000, 0),
    "slashes": ("1/" * 100_000, 0),
    "dashes": ("2025-" * 40_000, 0),
    "letters": ("a" * 200_000, 0),
    "glued": ("1a" * 100_000, 0),
    "scale words": ("tỷ " * 60_000, 0),
    "far apart years": ("2025" + " " * 200_000 + "- 2030", 2),
}


@pytest.mark.parametrize(("text", "figures"), PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_runs_finish(text, figures):
    assert len(find_numbers(text)) == figures


def test_many_money_phrases_in_a_row():
    found = find_numbers("1 tỷ " * 40_000)
    assert len(found) == 40_000  # each "1 tỷ" alone: a scale never repeats in one amount
    assert {m.value for m in found} == {1_000_000_000}


@given(st.text())
def test_any_text_gives_ordered_spans_that_read_back(text):
    check_matches(text)


@given(
    st.text(alphabet="0123456789.,/%-: \u00a0\ntỷriệunghìnđồngchítrênnămthángTổĐội¹", max_size=60)
)
def test_number_like_text_gives_ordered_spans_that_read_back(text):
    check_matches(text)


def check_matches(text: str) -> None:
    end = 0
    for m in find_numbers(text):
        assert end <= m.start < m.end and text[m.start : m.end] == m.text
        end = m.end
        try:
            parsed = parse_vn_number(m.text)
        except VNNumberError:
            pytest.fail(f"find_numbers found {m.text!r} that parse_vn_number rejects")
        assert (parsed.value, parsed.numerator, parsed.denominator) == (
            m.value,
            m.numerator,
            m.denominator,
        )
