import yaml

from baocao.catalog.models import Indicator, ReportTemplate, Unit
from tests.conftest import SHARED


def spec_codes() -> set[str]:
    raw = yaml.safe_load((SHARED / "spec" / "indicators.yaml").read_text(encoding="utf-8"))
    return {code for group in raw.values() for code in group}


def test_every_code_of_the_shared_spec_is_in_the_catalog(db):
    assert spec_codes() <= set(Indicator.objects.values_list("code", flat=True))


def test_every_breakdown_part_and_rate_operand_exists(db):
    codes = set(Indicator.objects.values_list("code", flat=True))
    for indicator in Indicator.objects.all():
        assert set(indicator.parts) <= codes, indicator.code
        assert set(indicator.of) <= codes, indicator.code


def test_indicators_keep_vietnamese_names_units_and_kinds(db):
    received = Indicator.objects.get(code="tthc.received")
    assert received.name == "Tổng số hồ sơ tiếp nhận"
    assert received.unit == "hồ sơ"
    assert received.kind == Indicator.FLOW
    assert received.parts == [
        "tthc.received.online",
        "tthc.received.direct",
        "tthc.received.carried_over",
    ]
    assert Indicator.objects.get(code="ngansach.revenue").partial is True
    assert Indicator.objects.get(code="vanhoa.families_rate").of == [
        "vanhoa.families_cultural",
        "vanhoa.families_total",
    ]


def test_units_are_keyed_by_official_code_under_the_city(db):
    city = Unit.objects.get(code="31")
    thach_khoi = Unit.objects.get(code="11002")
    assert thach_khoi.name == "Phường Thạch Khôi"
    assert thach_khoi.kind == Unit.PHUONG
    assert thach_khoi.parent == city
    assert thach_khoi.formed_from == "Hải Dương (cũ)"
    assert Unit.objects.get(code="11086").name == "Xã Đại Sơn"


def test_unit_counts_match_the_2025_reorganisation(db):
    communes = Unit.objects.filter(parent__code="31").exclude(kind=Unit.OFFICE)
    assert communes.count() == 114
    assert communes.filter(kind=Unit.XA).count() == 67
    assert communes.filter(kind=Unit.PHUONG).count() == 45
    assert communes.filter(kind=Unit.DAC_KHU).count() == 2


def test_each_commune_has_its_offices(db):
    assert Unit.objects.filter(parent__code="11002", kind=Unit.OFFICE).count() >= 4


def test_both_templates_carry_their_issuer_header(db):
    ubnd = ReportTemplate.objects.get(code="ubnd-monthly")
    dang = ReportTemplate.objects.get(code="dang-monthly")
    assert ubnd.symbol == "BC-UBND" and ubnd.issuer == "ubnd"
    assert dang.symbol == "BC/ĐU" and dang.issuer == "dang"
    assert ubnd.signer_authority == "TM. ỦY BAN NHÂN DÂN"
    assert dang.signer_authority == "T/M BAN THƯỜNG VỤ"
    assert ubnd.recipients[-1].startswith("- Lưu") or ubnd.recipients[-1].startswith("Lưu")


def test_catalog_files_ship_inside_the_package():
    from baocao.catalog.loaders import DATA_DIR

    assert (DATA_DIR / "indicators.yaml").exists()
    assert (DATA_DIR / "units-haiphong-2025.csv").exists()
    assert sorted(p.name for p in (DATA_DIR / "templates").glob("*.yaml")) == [
        "city-monthly.yaml",
        "dang-monthly.yaml",
        "ubnd-monthly.yaml",
    ]
