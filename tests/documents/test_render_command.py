"""`baocao render`: writes the file by its suffix; errors in Vietnamese, exit code 1,
no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.documents.helpers import approved, open_docx
from tests.factories import demo_report

MAIN = Path(__file__).resolve().parents[2]


def render(*args: str) -> tuple[int, str, str]:
    """Run the command in-process (the test database); return exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("render", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_writes_a_final_docx_by_default(db, tmp_path):
    approved(demo_report("11560", "2025-11"))
    target = tmp_path / "11560.docx"
    code, out, err = render("--unit", "11560", "--period", "2025-11", "--out", str(target))
    assert (code, err) == (0, "")
    assert "Đã xuất bản chính thức" in out and str(target) in out
    assert "Phường Thủy Nguyên" in out
    document = open_docx(target.read_bytes())
    assert document.tables[0].cell(0, 0).paragraphs[1].text == "PHƯỜNG THỦY NGUYÊN"


def test_writes_the_party_report_as_html(db, tmp_path):
    target = tmp_path / "dang.html"
    code, _, _ = render(
        "--unit", "11086", "--period", "2025-10", "--template", "dang-monthly", "--out", str(target)
    )
    assert code == 0
    assert "ĐẢNG ỦY XÃ ĐẠI SƠN" in target.read_text(encoding="utf-8")


def test_missing_figures_refuse_the_final_document_but_not_the_draft(db, tmp_path):
    approved(demo_report("11443", "2025-11"))
    target = tmp_path / "kien-an.docx"
    code, _, err = render("--unit", "11443", "--period", "2025-11", "--out", str(target))
    assert code == 1 and not target.exists()
    assert err.startswith("Lỗi: Báo cáo còn thiếu 1 số liệu") and "tthc.received" in err
    code, out, _ = render("--unit", "11443", "--period", "2025-11", "--out", str(target), "--draft")
    assert code == 0 and "Đã xuất bản nháp" in out and target.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "99999", "--period", "2025-11"], "Lỗi: Không có đơn vị mã «99999»."),
        (["--unit", "11560", "--period", "2030-01"], "Lỗi: Phường Thủy Nguyên chưa có báo cáo"),
        (["--unit", "11560", "--period", "2025-13"], "Lỗi: Tháng không hợp lệ"),
        (
            ["--unit", "11560", "--period", "2025-11", "--template", "x"],
            "Lỗi: Không có mẫu báo cáo «x»",
        ),
    ],
)
def test_errors_are_vietnamese_with_exit_code_1(db, tmp_path, args, message):
    code, _, err = render(*args, "--out", str(tmp_path / "x.docx"))
    assert code == 1 and err.startswith(message)


def test_an_unknown_suffix_is_refused(db, tmp_path):
    code, _, err = render(
        "--unit", "11560", "--period", "2025-11", "--out", str(tmp_path / "x.odt")
    )
    assert code == 1 and "chỉ có .docx, .pdf và .html" in err


def test_no_libreoffice_means_a_clear_message_for_pdf(db, tmp_path, monkeypatch):
    approved(demo_report("11560", "2025-11"))
    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    code, _, err = render(
        "--unit", "11560", "--period", "2025-11", "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and err.startswith("Lỗi: Chưa cài LibreOffice nên không xuất được PDF")


def test_the_console_script_prints_no_traceback(tmp_path):
    """Through `python -m baocao` on an empty database: a clean message, exit code 1."""
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "-m", "baocao", "migrate", "-v", "0"], env=env, check=True, cwd=MAIN
    )
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "render", "--unit", "11560", "--period", "2025-11",
         "--out", str(tmp_path / "x.docx")],
        env=env, cwd=MAIN, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == "Lỗi: Không có đơn vị mã «11560»."
    assert "Traceback" not in result.stderr + result.stdout
