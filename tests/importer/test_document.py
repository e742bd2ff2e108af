"""Metadata from the text: issuer, unit and code, periods, number, date, signer."""

import pytest

from baocao.importer.document import find_unit, periods_of, read_document
from baocao.importer.readers import txt
from tests.importer.make import seed_text


def document_of(text: str):
    return read_document(txt.read(text.encode()))


def test_the_ward_report_seed():
    d = document_of(seed_text("002_c69ecaed7d58e06f"))
    assert (d.issuer, d.unit_name, d.unit_code) == ("ubnd", "Phường Thạch Khôi", "11002")
    assert (d.period, d.next_period) == ("2025-11", "2025-12")
    assert (
        d.title == "Kết quả thực hiện nhiệm vụ tháng 11, phương hướng, nhiệm vụ tháng 12 năm 2025"
    )
    assert (d.number, d.place, d.date) == ("/BC-UBND", "Thạch Khôi", None)  # left blank to sign
    assert (d.signer, d.signer_title) == ("Phạm Ngọc Sơn", "PHÓ CHỦ TỊCH")


def test_the_party_report_seed():
    d = document_of(seed_text("000_a74f68ec347e13c9"))
    assert (d.issuer, d.unit_name, d.unit_code) == ("dang", "Xã Đại Sơn", "11086")
    assert (d.period, d.next_period) == ("2025-10", "2025-11")
    assert (d.signer, d.signer_title) == ("Trương Thị Toan", "PHÓ BÍ THƯ THƯỜNG TRỰC")


def test_a_party_header_with_number_and_date():
    d = document_of(
        "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG\nĐẢNG ỦY XÃ AN LÃO\n\nSố 45-BC/ĐU\n\n"
        "An Lão, ngày 05 tháng 11 năm 2025\n\nBÁO CÁO\nkết quả lãnh đạo thực hiện nhiệm vụ tháng 10 "
        "và phương hướng, nhiệm vụ tháng 11 năm 2025\n\nNội dung.\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n\nLê Văn Bình"
    )
    assert (d.issuer, d.unit_name, d.unit_code) == ("dang", "Xã An Lão", "11629")
    assert (d.number, d.place, d.date) == ("45-BC/ĐU", "An Lão", "2025-11-05")
    assert (d.period, d.next_period) == ("2025-10", "2025-11")


@pytest.mark.parametrize(
    ("title", "periods"),
    [
        ("kết quả công tác tháng 10, nhiệm vụ trọng tâm tháng 11/2025", ("2025-10", "2025-11")),
        (
            "Kết quả thực hiện nhiệm vụ tháng 11, phương hướng, nhiệm vụ tháng 12 năm 2025",
            ("2025-11", "2025-12"),
        ),
        ("tháng 12/2025 và phương hướng tháng 01/2026", ("2025-12", "2026-01")),
        ("tình hình tháng 12, nhiệm vụ tháng 01 năm 2026", ("2025-12", "2026-01")),
        ("Kết quả thực hiện nhiệm vụ quý III năm 2025", ("2025-Q3", None)),
        ("Báo cáo công tác năm", (None, None)),
    ],
)
def test_periods_from_the_title(title, periods):
    assert periods_of(title) == periods


def test_similar_unit_names_are_told_apart():
    unit, _ = find_unit("UBND phường Nam Đồ Sơn báo cáo. Phường Nam Đồ Sơn đã hoàn thành.")
    assert unit.name == "Phường Nam Đồ Sơn"
    unit, _ = find_unit("UBND xã Cẩm Giàng báo cáo. Xã Cẩm Giàng đã hoàn thành.")
    assert (unit.name, unit.code) == (
        "Xã Cẩm Giàng",
        next(u.code for u in _units() if u.name == "Xã Cẩm Giàng"),
    )


def _units():
    from baocao.importer.document import load_units

    return load_units()


def test_no_code_when_unsure():
    # A ward named once, a commune named once: which one reports is not clear.
    assert find_unit("phường Hồng Bàng và xã An Lão phối hợp.") == (None, None)
    # The right name with the wrong kind is not that unit.
    unit, name = find_unit("xã Thạch Khôi báo cáo; xã Thạch Khôi đã làm.")
    assert unit is None and name == "Xã Thạch Khôi"
    # A unit outside Hải Phòng keeps its name, without a code.
    unit, name = find_unit("UBND xã Tân Phú báo cáo. Xã Tân Phú đạt kết quả.")
    assert unit is None and name == "Xã Tân Phú"


def test_issuer_from_the_closing_sentence_alone():
    assert (
        document_of("Nội dung.\n\nTrên đây là báo cáo tháng 10 của UBND xã An Lão./.").issuer
        == "ubnd"
    )
    assert (
        document_of("Nội dung.\n\nTrên đây là báo cáo tháng 10 của Đảng ủy xã An Lão./.").issuer
        == "dang"
    )
    assert document_of("Nội dung không nói ai ban hành.").issuer == "other"
