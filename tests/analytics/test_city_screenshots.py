"""The corrected city pages in chromium, as `thanhpho` sees them; the PNGs in
docs/screenshots/ are made by this test (BAOCAO_SCREENSHOTS=docs/screenshots)."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = [  # file, path, what must be on it
    ("city-home.png", "/", "#waiting-pager"),
    ("city-findings.png", "/thanh-pho/phat-hien/", "#by-rule"),
    ("city-digest.png", "/thanh-pho/bao-cao/?topic=tthc", "#digest-summary"),
    (
        "city-chart-money.png",
        "/thanh-pho/chi-tieu/?codes=ngansach.revenue&codes=giamngheo.poor&from=2024-11&to=2025-11&view=chart",
        "svg.chart-trend",
    ),
    (
        "city-pivot.png",
        "/thanh-pho/chi-tieu/?codes=giamngheo.poor&from=2025-06&to=2025-11",
        "table.pivot",
    ),
]


def take_screenshots(page, base: str, folder: Path) -> list[Path]:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", "thanhpho")
    page.fill("input[name=password]", "baocao2025")
    page.click("button[type=submit]")
    made = []
    for name, path, must in PAGES:
        page.goto(base + path)
        page.wait_for_selector(must)
        text = page.inner_text("main")
        for raw in ("tthc.online.rate", "breakdown:", "ngansach.revenue", "outlier"):
            assert raw not in text, (path, raw)
        made.append(folder / name)
        page.screenshot(path=str(made[-1]), full_page=name != "city-home.png")
    page.goto(base + "/")
    approved = page.locator("#waiting-title ~ table a").first
    approved.click()
    page.wait_for_selector("#city-decision")
    made.append(folder / "city-report-accept.png")
    page.screenshot(path=str(made[-1]))
    return made


def test_city_pages_in_chromium(city_server, browser_page, tmp_path):
    folder = Path(os.environ.get("BAOCAO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    made = take_screenshots(browser_page, city_server, folder)
    assert all(p.stat().st_size > 10_000 for p in made)
    digest = browser_page
    digest.goto(f"{city_server}/thanh-pho/bao-cao/?topic=tthc")
    assert digest.locator("details.digest-unit").count() <= 15
    assert "/114" in digest.inner_text("#digest-summary")
