"""City staff in a real browser: the completeness grid, then the TTHC online rate
across all communes for 12 months, the chart, and the Excel file of the table."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser


def test_city_staff_grid_table_chart_and_excel(city_server, browser_page, tmp_path):
    page = browser_page
    page.goto(f"{city_server}/dang-nhap/")
    page.fill("input[name=username]", "thanhpho")
    page.fill("input[name=password]", "baocao2025")
    page.click("button[type=submit]")
    page.goto(f"{city_server}/thanh-pho/")
    assert "đơn vị đã báo cáo" in page.inner_text("#summary")
    assert page.locator("#completeness tbody tr").count() == 114

    page.click("text=Chỉ tiêu")
    page.select_option("#pick-codes", ["tthc.online.rate"])
    page.select_option("#pick-from", "2024-12")
    page.select_option("#pick-to", "2025-11")
    page.click("#pickers button[type=submit]")
    table = page.locator('table.pivot[data-code="tthc.online.rate"]')
    assert table.locator("thead th").count() == 1 + 12 + 1 + 1  # unit, 12 months, total, rank
    shown = {}
    for n in range(1, 5):  # 30 units a page, through the pager's links
        if n > 1:
            page.locator("#units-pager a", has_text=f"Trang {n}").click()
        assert f"Trang {n}" in page.inner_text("#units-pager strong")
        for row in table.locator("tbody tr, tfoot tr").all():
            key = row.get_attribute("data-key")
            cells = row.locator("td.num").all()[:13]
            shown[key] = [cell.get_attribute("data-value") for cell in cells]
    assert len(shown) == 115  # 114 communes and the city
    assert shown["total"][12]  # the city's rate over the 12 months

    page.click("#show-chart")
    assert page.locator("svg.chart-trend").count() == 1
    assert page.locator("svg.chart-bars rect").count() == 114

    with page.expect_download() as download:
        page.click("#export-xlsx")
    path = tmp_path / "bang.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)["Thủ tục hành chính"]
    in_file = {}
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[1]:
            key = row[0] or "total"
            in_file[key] = row[2:15]
    assert set(in_file) == set(shown)
    for key, values in shown.items():
        for on_page, in_excel in zip(values, in_file[key], strict=True):
            if on_page == "":
                assert in_excel is None, key
            else:
                assert Decimal(str(in_excel)) == Decimal(on_page), key
