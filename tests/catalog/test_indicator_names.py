"""Every indicator name loads exactly as written in indicators.yaml."""

import re

import pytest

from baocao.catalog.loaders import DATA_DIR, read_indicators
from baocao.catalog.models import Indicator


def written_names() -> dict[str, str]:
    """The name as the file's text has it, read without YAML."""
    out = {}
    for line in (DATA_DIR / "indicators.yaml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s+([\w.]+):\s+\{name: (\"[^\"]*\"|.*?), unit:", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def test_every_name_loads_as_written(db):
    written = written_names()
    assert len(written) == len(read_indicators()) > 100  # every line was read
    stored = dict(Indicator.objects.filter(code__in=written).values_list("code", "name"))
    assert stored == written
    assert stored["btxh.adhoc.cases"] == "Trường hợp chi trả phát sinh (mai táng phí, truy lĩnh...)"


def test_a_comma_that_cuts_a_name_is_refused(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        "x:\n  x.a: {name: Thôn, tổ dân phố, unit: thôn, kind: stock}\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="must be quoted"):
        read_indicators(bad)


def test_ranking_direction_is_in_the_catalog(db):
    assert Indicator.objects.get(code="giamngheo.poor").better == Indicator.LESS
    assert Indicator.objects.get(code="tthc.online.rate").better == Indicator.MORE
    assert Indicator.objects.get(code="tthc.received").better == ""
