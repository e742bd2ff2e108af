"""Every province from the national list (vietnam-provinces), `baocao setup`."""

import os
import subprocess
import sys

import pytest
import vietnam_provinces
from django.core.management import CommandError, call_command

from baocao.catalog.models import CatalogSource, Unit
from baocao.catalog.provinces import ProvinceError, find_province, load_province
from baocao.reports.models import Report


def communes(code: str):
    return Unit.objects.filter(parent__code=code, kind__in=Unit.COMMUNE_KINDS, valid_to=None)


def test_the_package_codes_agree_with_ours():
    assert int(find_province("Hải Phòng").code) == 31
    assert int(find_province("thanh pho ha noi").code) == 1
    from vietnam_provinces import Ward, WardCode

    assert Ward.from_code(WardCode(11002)).name == "Phường Thạch Khôi"
    assert Ward.from_code(WardCode(11086)).name == "Xã Đại Sơn"
    assert vietnam_provinces.__version__ == "2025.10.1"


def test_the_demo_city_is_the_national_list_of_hai_phong(db):
    assert communes("31").count() == 114
    assert Unit.objects.get(code="11002").name == "Phường Thạch Khôi"
    # The shipped mapping keeps the spelling of the city's decisions and the former province.
    assert Unit.objects.get(code="11560").name == "Phường Thủy Nguyên"
    assert Unit.objects.get(code="11560").formed_from == "Hải Phòng (cũ)"
    source = CatalogSource.objects.get(name="vietnam-provinces")
    assert source.version == vietnam_provinces.__version__ and 31 in source.provinces


def test_setup_ha_noi_loads_its_126_units_and_is_idempotent(db):
    call_command("setup", province="1")
    assert communes("1").count() == 126
    assert Unit.objects.get(code="1").name == "Thành phố Hà Nội"
    assert Unit.objects.filter(parent__parent__code="1", kind=Unit.OFFICE).count() == 126 * 4
    before = Unit.objects.count()
    counts = load_province("Hà Nội")
    assert counts["created"] == 0 and counts["updated"] == 0 and Unit.objects.count() == before


def test_setup_restores_names_and_keeps_a_unit_with_reports(db):
    thach_khoi = Unit.objects.get(code="11002")
    thach_khoi.name = "Phường Tên Sai"
    thach_khoi.save()
    stray = Unit.objects.create(
        code="99001", name="Xã Đã Giải Thể", kind=Unit.XA, parent_id=Unit.objects.get(code="31").pk
    )
    stray_with_reports = Unit.objects.get(code="11086")
    stray_with_reports.code = "99002"  # as if the national list no longer had it
    stray_with_reports.save()
    counts = load_province("31")
    assert Unit.objects.get(code="11002").name == "Phường Thạch Khôi"
    assert not Unit.objects.filter(code="99001").exists()  # no report: removed
    assert Unit.objects.filter(code="99002").exists()  # reports: kept with its history
    assert Report.objects.filter(unit__code="99002").exists()
    assert counts["deleted"] == 1 and counts["kept"] == 1
    assert stray.pk


def test_a_mapping_file_names_units_and_their_former_province(db, tmp_path):
    mapping = tmp_path / "bacninh.csv"
    ward = next(
        iter(__import__("vietnam_provinces").Ward.iter_by_province(find_province("24").code))
    )
    mapping.write_text(
        f"code,name,kind,formed_from\n{int(ward.code)},{ward.name},"
        f"{ward.division_type.value.capitalize()},Bắc Giang (cũ)\n",
        encoding="utf-8",
    )
    load_province("24", mapping=mapping)
    assert Unit.objects.get(code=f"{int(ward.code):05d}").formed_from == "Bắc Giang (cũ)"


def test_communes_keep_five_digit_codes_apart_from_the_provinces(db):
    """Hà Nội's ward 4 and the province Cao Bằng (4) are two units."""
    load_province("1")
    load_province("4")
    assert communes("1").count() == 126
    assert Unit.objects.get(code="4").kind == Unit.CITY
    assert Unit.objects.get(code="00004").parent.code == "1"


def test_bad_province_and_bad_mapping_get_vietnamese_errors(db, tmp_path):
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã 99"):
        call_command("setup", province="99")
    with pytest.raises(ProvinceError, match="Không tìm thấy tỉnh"):
        find_province("Sài Gòn Mới")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(ProvinceError, match="thiếu cột"):
        load_province("31", mapping=bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(
        "code,name,kind,formed_from\n11002,Phường Thạch Khôi,Phường,x\n", encoding="utf-8"
    )
    with pytest.raises(ProvinceError, match="không thuộc Thành phố Hà Nội"):
        load_province("1", mapping=wrong)


@pytest.mark.parametrize("code, expected", [("1", 126), ("31", 114)])
def test_setup_command_on_a_fresh_database(tmp_path, code, expected):
    """The acceptance check: the console script on an empty SQLite file."""
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "setup", "--province", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f": {expected} xã, phường, đặc khu" in result.stdout
