"""`baocao import FILE --unit CODE --period YYYY-MM` (management command importreport)."""

import io

import pytest
from django.core.management import call_command

from baocao.reports.models import Report
from tests.conftest import SHARED
from tests.factories import make_unit

pytestmark = pytest.mark.django_db
SEED = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("importreport", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_import_stores_a_draft_and_prints_its_id_and_counts():
    unit = make_unit()
    code, out, _ = run(SEED, "--unit", unit.code, "--period", "2026-05")
    report = Report.objects.get(unit=unit, period="2026-05")
    assert code == 0
    assert f"số {report.pk}" in out and "số liệu" in out and "chú thích" in out
    assert report.status == Report.DRAFT and report.template.code == "ubnd-monthly"


def test_a_second_import_is_refused_with_exit_1():
    unit = make_unit()
    run(SEED, "--unit", unit.code, "--period", "2026-05")
    code, _, err = run(SEED, "--unit", unit.code, "--period", "2026-05")
    assert code == 1 and "đã có" in err
    assert Report.objects.filter(unit=unit).count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "00000", "--period", "2026-05"], "Không có đơn vị"),
        (["--unit", "11002", "--period", "2030-13"], "không hợp lệ"),
        (["--unit", "11002", "--period", "2026-05", "--template", "khong-co"], "mẫu báo cáo"),
    ],
)
def test_bad_arguments_are_refused_with_exit_1(args, message):
    code, _, err = run(SEED, *args)
    assert code == 1 and message in err and "Traceback" not in err


def test_an_unreadable_file_exits_2_and_stores_nothing(tmp_path):
    unit = make_unit()
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    code, _, err = run(empty, "--unit", unit.code, "--period", "2026-05")
    assert code == 2 and err.startswith("Lỗi: ")
    missing_code, _, _ = run(tmp_path / "khong-co.txt", "--unit", unit.code, "--period", "2026-05")
    assert missing_code == 2
    assert not Report.objects.filter(unit=unit).exists()
