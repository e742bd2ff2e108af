"""The digital signature: `baocao render --sign` gives a PAdES-signed PDF/A of an
approved report with a visible stamp; `baocao verify` says intact, valid and who
signed (exit 0), and any changed byte makes it "modified" (exit 1); the download of
an approved report is that signed PDF; the keys are a demo CA under var/pki."""

from __future__ import annotations

import io
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from baocao.accounts.models import Membership
from baocao.documents.signing import ensure_demo_pki, pki_dir, verify_pdf
from tests.documents.test_final import pdfa_id
from tests.documents.test_render_command import render
from tests.factories import demo_report, make_user

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        not shutil.which("soffice"),
        reason="LibreOffice is not installed (sudo make system-deps)",
    ),
]
PARTY = ["--unit", "11086", "--period", "2025-10", "--template", "dang-monthly"]


def verify(path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def signed(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("sign") / "dai-son.pdf"
    with django_db_blocker.unblock():
        code, out, err = render(*PARTY, "--out", str(path), "--sign")
    assert (code, err) == (0, ""), err
    assert "bản chính thức đã ký số" in out
    return path


def test_the_demo_made_its_ca_under_var(db):
    assert (pki_dir() / "ca.pem").exists()
    assert pki_dir() == settings.VAR_DIR / "pki"


def test_a_signed_pdf_verifies_as_intact_and_valid_against_the_demo_root(signed):
    code, out = verify(signed)
    assert code == 0, out
    assert "Người ký: ĐẢNG ỦY XÃ ĐẠI SƠN" in out
    assert "Toàn vẹn: nguyên vẹn (intact)" in out
    assert "Chứng thư: hợp lệ, tin cậy (valid)" in out
    assert out.rstrip().endswith("Kết quả: HỢP LỆ")


def test_the_signature_is_pades_with_a_visible_stamp_on_the_last_page(signed):
    reader = PdfReader(signed)
    fields = reader.get_fields()
    signature = fields["ChuKySo"]["/V"]
    assert signature["/SubFilter"] == "/ETSI.CAdES.detached"
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    stamp = [w for w in widgets if w.get("/FT") == "/Sig" or w.get("/T") == "ChuKySo"]
    assert stamp, "no signature widget on the last page"
    x1, y1, x2, y2 = (float(v) for v in stamp[0]["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 30  # a visible stamp, not a hidden field
    assert x1 > float(last.mediabox.width) / 3  # in the signature block's column
    appearance = stamp[0]["/AP"]["/N"].get_object()
    assert b"TJ" in appearance.get_data()  # the stamp draws its text
    fonts = appearance["/Resources"]["/Font"]
    for font in fonts.values():  # the stamp's font is embedded (PDF/A), with Vietnamese
        font = font.get_object()
        cid = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in cid["/FontDescriptor"].get_object()
        to_unicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        assert "01A0" in to_unicode.upper()  # Ơ of "SƠN": Vietnamese letters are mapped


def test_the_signed_pdf_is_still_pdf_a_2b(signed):
    assert pdfa_id(PdfReader(signed)) == ("2", "B")


def test_a_changed_byte_makes_it_modified(signed, tmp_path):
    data = signed.read_bytes()
    at = data.index(b"<pdf:Producer>LibreOffice") + len(b"<pdf:Producer>")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(data[:at] + b"l" + data[at + 1 :])  # "libreOffice"
    code, out = verify(changed)
    assert code == 1
    assert "ĐÃ BỊ SỬA (modified)" in out and "KHÔNG HỢP LỆ" in out
    result = verify_pdf(changed.read_bytes())
    assert result.signed and not result.intact and not result.ok


def test_another_ca_does_not_trust_the_signature(signed, tmp_path):
    ensure_demo_pki(tmp_path)  # a different root
    result = verify_pdf(signed.read_bytes(), var_dir=tmp_path)
    assert result.intact and not result.valid and not result.ok


def test_an_unsigned_pdf_or_a_missing_file_is_not_valid(db, tmp_path):
    plain = tmp_path / "plain.pdf"
    code, *_ = render(*PARTY, "--out", str(plain))
    assert code == 0
    code, out = verify(plain)
    assert code == 1 and "không có chữ ký số" in out
    code, out = verify(tmp_path / "khong-co.pdf")
    assert code == 1 and "không đọc được tệp" in out


def test_sign_needs_a_final_pdf(db, tmp_path):
    code, _, err = render(*PARTY, "--out", str(tmp_path / "x.docx"), "--sign")
    assert code == 1 and "Chỉ ký số được bản chính thức dạng PDF" in err
    code, _, err = render(*PARTY, "--out", str(tmp_path / "x.pdf"), "--sign", "--draft")
    assert code == 1 and not (tmp_path / "x.pdf").exists()


def test_the_download_of_an_approved_report_is_the_signed_pdf(client, db):
    report = demo_report("11086", "2025-10", "dang-monthly")
    client.force_login(make_user("11086", Membership.CLERK))
    response = client.get(reverse("report_document", args=[report.pk, "pdf"]))
    assert response.status_code == 200
    result = verify_pdf(response.content)
    assert result.ok and result.signer == "ĐẢNG ỦY XÃ ĐẠI SƠN"
