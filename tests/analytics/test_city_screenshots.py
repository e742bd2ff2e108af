"""The corrected city pages in chromium, as `thanhpho` sees them; the PNGs in
docs/screenshots/ are made by this test (BAOCAO_SCREENSHOTS=docs/screenshots)."""

import os
import tempfile
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
    head = page.inner_text('table[aria-label="Đơn vị và báo cáo"] thead')
    assert "Tháng 11 năm 2025" in head and "Kỳ 2025" not in head, head
    approved = page.locator("#waiting-title ~ table a").first
    approved.click()
    page.wait_for_selector("#city-decision")
    made.append(folder / "city-report-accept.png")
    page.screenshot(path=str(made[-1]))
    # The city official accepts on the report page and stays there (not the editor).
    report_url = page.url
    page.click("#city-decision button.primary")
    page.wait_for_selector("ul.messages")
    assert page.url == report_url, page.url
    assert "Đã tiếp nhận báo cáo." in page.inner_text("ul.messages")
    assert page.locator("#city-decision").count() == 0
    assert page.inner_text("main .status") == "Thành phố đã tiếp nhận"
    made.append(folder / "city-report-accepted.png")
    page.screenshot(path=str(made[-1]))
    made += export_in_background(page, base, folder)
    return made


def export_in_background(page, base: str, folder: Path) -> list[Path]:
    """25 indicators × 13 months × 114 units: the Excel is made by a background job of
    the server process; its page shows a progress bar, then the download link."""
    from openpyxl import load_workbook

    page.goto(f"{base}/thanh-pho/chi-tieu/")
    codes = page.eval_on_selector_all("#pick-codes option", "els => els.map(e => e.value)")[:25]
    query = "&".join(f"codes={c}" for c in codes) + "&from=2024-11&to=2025-11"
    page.goto(f"{base}/thanh-pho/chi-tieu.xlsx?{query}")
    assert "/thanh-pho/xuat/" in page.url
    page.wait_for_selector("#export-progress")
    assert page.get_attribute("#export-progress", "max") == "25"  # counted from the start
    made = [folder / "city-export-progress.png"]
    page.screenshot(path=str(made[0]))
    page.wait_for_selector("#export-download", timeout=180_000)  # the page reloads itself
    assert page.get_attribute("#export-progress", "value") == "25"
    made.append(folder / "city-export-done.png")
    page.screenshot(path=str(made[-1]))
    with page.expect_download() as info:
        page.click("#export-download")
    assert info.value.suggested_filename == "tong-hop-chi-tieu-2024-11-2025-11.xlsx"
    path = Path(tempfile.mkdtemp()) / info.value.suggested_filename  # openpyxl wants .xlsx
    info.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames[0] == "Thông tin"
    titles = [  # a block per indicator: its name line, then its table
        row[0]
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(values_only=True)
        if row and row[0] and "(" in str(row[0]) and row[1] is None
    ]
    assert len(titles) == 25
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
