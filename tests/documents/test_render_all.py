"""`baocao render --unit all`: every unit's report of a period in one process, one
file per unit, a progress bar on stderr; a failed unit is named, the others written."""

from __future__ import annotations

from tests.documents.helpers import approved, open_docx
from tests.documents.test_render_command import render
from tests.factories import demo_report


def test_renders_every_units_draft_into_a_folder(db, tmp_path):
    folder = tmp_path / "thang-11"
    code, out, err = render(
        "--unit", "all", "--period", "2025-11", "--draft", "--out", f"{folder}/"
    )
    assert code == 0, err
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 114
    assert "Đã xuất 114/114 báo cáo kỳ 2025-11" in out
    assert "114/114" in err and "█" * 30 in err  # the progress bar reached its end
    document = open_docx((folder / "11560-2025-11.docx").read_bytes())
    assert any("THỦY NGUYÊN" in p.text for t in document.tables for p in t.cell(0, 0).paragraphs)


def test_final_copies_name_the_units_not_ready_and_write_the_others(db, tmp_path):
    approved(demo_report("11560", "2025-11"))
    folder = tmp_path / "chinh-thuc"
    code, out, err = render("--unit", "all", "--period", "2025-11", "--out", str(folder))
    assert code == 1
    assert (folder / "11560-2025-11.docx").exists()
    assert "Lỗi: " in err and "Traceback" not in err
    written = len(list(folder.glob("*.docx")))
    assert f"Đã xuất {written}/114" in out and written < 114


def test_out_must_be_a_folder_and_the_period_valid(db, tmp_path):
    file = tmp_path / "x.docx"
    file.write_bytes(b"")
    code, _, err = render("--unit", "all", "--period", "2025-11", "--out", str(file))
    assert code == 1 and "không phải là thư mục" in err
    code, _, err = render("--unit", "all", "--period", "2025-13", "--out", str(tmp_path / "d"))
    assert code == 1 and err.startswith("Lỗi: ")
