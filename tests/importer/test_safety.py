"""Bad input: each file gets a clear Vietnamese refusal, quickly, without reading
more than it must. Nothing here is stored (the importer stores nothing)."""

import io
import os
import time
import tracemalloc
import zipfile

import pytest

from baocao.importer import safety
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract, extract_file
from tests.importer.make import REPORT, docx_bytes

MB = 1024 * 1024


def refused(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(ImportRefused) as caught:
        extract(data, filename, rules=False, **kwargs)
    return str(caught.value)


def test_an_empty_file():
    assert "Tệp rỗng" in refused(b"", "baocao.docx")


def test_a_file_of_blank_lines_has_no_text():
    assert "không có nội dung chữ" in refused(b"\n \n\t\n" * 20, "baocao.txt")


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "baocao.docx"
    with open(path, "wb") as f:
        f.truncate(200 * MB)  # sparse: 200 MB on paper, nothing on disk
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="quá lớn"):
        extract_file(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 1 and peak < 5 * MB


def test_the_size_limit_is_a_parameter():
    data = REPORT.encode()
    assert "giới hạn là 0,0 MB" in refused(data, "baocao.txt", max_bytes=100)
    assert extract(data, "baocao.txt", max_bytes=len(data), rules=False).facts


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w") as member,  # 64 MB of spaces, written in chunks
    ):
        for _ in range(64):
            member.write(b" " * MB)
    data = out.getvalue()
    assert len(data) < MB
    started = time.perf_counter()
    assert "bom nén" in refused(data, "baocao.docx")
    assert time.perf_counter() - started < 1


def test_a_docx_whose_parts_add_up_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(safety, "MAX_ZIP_TOTAL", 10_000)
    data = _zip({"word/document.xml": b"<w:document/>", "word/media/a.bin": os.urandom(20_000)})
    assert "bom nén" in refused(data, "baocao.docx")


def test_a_docx_with_thousands_of_members_is_refused():
    data = _zip({f"word/m{i}.xml": b"" for i in range(safety.MAX_ZIP_MEMBERS + 1)})
    assert "thành phần" in refused(data, "baocao.docx")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def _with_document_xml(xml: bytes) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(docx_bytes("Báo cáo")))
    return _zip({n: (xml if n == "word/document.xml" else zin.read(n)) for n in zin.namelist()})


def test_an_xml_entity_bomb_is_refused():
    assert "DTD/ENTITY" in refused(_with_document_xml(BILLION_LAUGHS), "baocao.docx")


def test_an_external_entity_is_refused():
    xxe = BILLION_LAUGHS.replace(
        b'<!ENTITY lol "lol">', b'<!ENTITY lol SYSTEM "file:///etc/passwd">'
    )
    assert "DTD/ENTITY" in refused(_with_document_xml(xxe), "baocao.docx")


def test_a_binary_renamed_docx_is_refused():
    assert "không phải là tệp Word (.docx) hợp lệ" in refused(os.urandom(5000), "baocao.docx")
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
    # the content decides: a photo of a page is read by OCR, a damaged one refused
    assert "Tệp ảnh hỏng" in refused(png, "baocao.docx")


def test_a_zip_that_is_no_word_document_is_refused():
    assert ".docx hợp lệ" in refused(_zip({"content.xml": b"<x/>"}), "baocao.docx")


def test_a_broken_docx_is_refused():
    data = docx_bytes("Báo cáo")[:2000]
    assert "docx" in refused(data, "baocao.docx").lower()


def test_a_word_97_file_is_refused_with_what_to_do():
    assert "lưu thành .docx" in refused(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "baocao.doc"
    )


def test_a_report_in_english_is_refused():
    english = (
        "MONTHLY REPORT\n\nI. RESULTS\n\nThe one-stop office received 1,204 applications this "
        "month and resolved 1,150 of them on time. Budget revenue reached 5.2 billion dong.\n"
    ) * 3
    assert "không phải báo cáo tiếng Việt" in refused(english.encode(), "report.txt")
    assert "không phải báo cáo tiếng Việt" in refused(docx_bytes(english), "report.docx")


def test_refusals_are_vietnamese_messages_not_tracebacks():
    for data, name in [(b"", "a.txt"), (os.urandom(100), "a.docx"), (b"%PDF-1.4 garbage", "a.pdf")]:
        message = refused(data, name)
        assert "Traceback" not in message and any(c in message for c in "ệếờơ")


def test_a_text_too_long_to_be_a_report_is_refused():
    text = ("Ủy ban nhân dân xã tiếp nhận 12 hồ sơ trong tháng. " * 13_000).encode()
    assert len(text) < safety.DEFAULT_MAX_BYTES
    assert "quá dài" in refused(text, "baocao.txt")
