"""importer/header.py: the number, date, signer and Nơi nhận read from a report's
source, as written (a text file line by line, a DOCX header and footer table row by
row), and stored on the imported report."""

from __future__ import annotations

from datetime import date

from baocao.catalog.loaders import DATA_DIR
from baocao.documents.services import render_report
from baocao.importer.header import read_header
from baocao.importer.readers import read_any, txt
from tests.documents.helpers import open_docx
from tests.factories import demo_report

SEEDS = DATA_DIR / "seeds"
THACH_KHOI = SEEDS / "002_c69ecaed7d58e06f.txt"
DAI_SON = SEEDS / "000_a74f68ec347e13c9.txt"


def header_of(path):
    return read_header(read_any(path.read_bytes(), path.name))


def test_the_ubnd_seed_header_and_end():
    header = header_of(THACH_KHOI)
    assert (header.issuer, header.number, header.symbol) == ("ubnd", "", "BC-UBND")
    assert header.place == "Thạch Khôi" and header.issued_on is None  # "ngày   tháng 11"
    assert header.signer_name == "Phạm Ngọc Sơn" and header.signer_title == "PHÓ CHỦ TỊCH"
    assert header.recipients == [
        "UBND thành phố (để báo cáo);",
        "TT Đảng ủy (để báo cáo);",
        "TT HĐND (để báo cáo);",
        "CT, PCT UBND;",
        "Các cơ quan chuyên môn, đơn vị thuộc phường;",
        "Lưu: VT.",
    ]
    assert header.closing.endswith("của UBND phường Thạch Khê./.")  # as the source wrote it


def test_the_party_seed_keeps_xa_in_its_recipients():
    header = header_of(DAI_SON)
    assert header.issuer == "dang" and header.signer_name == "Trương Thị Toan"
    assert "Thường trực HĐND xã," in header.recipients
    assert "Lãnh đạo UBND xã," in header.recipients
    assert "MTTQ và các tổ chức chính trị- xã hội xã," in header.recipients
    assert len(header.recipients) == 9


def test_a_header_on_one_line_with_cells(tmp_path):
    text = (
        "ỦY BAN NHÂN DÂN PHƯỜNG THẠCH KHÔI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - "
        "Tự do - Hạnh phúc\n\nSố: 125/BC-UBND | Thạch Khôi, ngày 28 tháng 11 năm 2025\n\n"
        "BÁO CÁO\n\nKết quả tháng 11\n\nI. KẾT QUẢ\n\nSố thu ngân sách 5 tỷ đồng.\n\n"
        "Nơi nhận: - UBND thành phố (để báo cáo); - Lưu: VT. | TM. ỦY BAN NHÂN DÂN "
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phạm Ngọc Sơn\n"
    )
    header = read_header(read_any(text.encode(), "bao-cao.txt"))
    assert (header.number, header.symbol) == ("125", "BC-UBND")
    assert header.place == "Thạch Khôi" and header.issued_on == date(2025, 11, 28)
    assert header.recipients == ["UBND thành phố (để báo cáo);", "Lưu: VT."]
    assert header.signer_name == "Phạm Ngọc Sơn"


def test_our_own_docx_reads_back_with_its_number_date_signer_and_recipients(db):
    report = demo_report("11086", "2025-10", "dang-monthly")
    data = render_report(report, "docx", final=True)
    header = read_header(read_any(data, "dai-son.docx"))
    assert (header.number, header.symbol) == (report.number, "BC/ĐU")
    assert header.issued_on == report.issued_on
    assert header.signer_name == "Trương Thị Toan"
    assert header.recipients == list(report.recipients or report.template.recipients)


def test_the_imported_seed_report_prints_its_own_recipients(db):
    report = demo_report("11002", "2025-11")
    assert "Các cơ quan chuyên môn, đơn vị thuộc phường;" in report.recipients
    assert report.signer_name == "Phạm Ngọc Sơn"
    cell = open_docx(render_report(report, "docx", final=False)).tables[-1].cell(0, 0)
    lines = [p.text for p in cell.paragraphs if p.text.strip()]
    assert "- Các cơ quan chuyên môn, đơn vị thuộc phường;" in lines
    assert "- Các cơ quan chuyên môn, đơn vị trực thuộc;" not in lines  # the template's
    party = demo_report("11086", "2025-10", "dang-monthly")
    assert "Lãnh đạo UBND xã," in party.recipients


def test_the_party_seeds_italic_to_report_stays_italic_in_its_recipients():
    # The source writes "(*để báo cáo*)": the legal format prints it in italics.
    assert header_of(DAI_SON).recipients[0] == "Thường trực Thành ủy (*để báo cáo*),"


def test_italic_in_a_text_line_is_kept_as_a_span_without_its_marks():
    source = txt.read("Nơi nhận:\n- UBND xã (*để biết*);\n".encode())
    paragraph = next(p for p in source.paragraphs if "để biết" in source.text[p.start : p.end])
    text = source.text[paragraph.start : paragraph.end]
    assert "*" not in text
    ((start, end),) = paragraph.italic
    assert source.text[start:end] == "để biết"
