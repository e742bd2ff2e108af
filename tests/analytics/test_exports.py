"""Exports opened the way their readers open them: openpyxl, csv, json."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from baocao.accounts.models import Membership
from tests.analytics.helpers import report, unit
from tests.factories import make_user


@pytest.fixture
def city(db, client):
    a, b = unit("98001", name="Xã Một"), unit("98002", name="Xã Hai")
    report(
        a,
        "2031-01",
        {
            "tthc.received": 100,
            "tthc.received.online": 30,
            "tthc.received.direct": 60,
            "donthu.pending": 4,
        },
    )
    report(
        a,
        "2031-02",
        {
            "tthc.received": 120,
            "tthc.received.online": 50,
            "tthc.received.direct": 50,
            "donthu.pending": 6,
        },
    )
    report(
        b, "2031-01", {"tthc.received": 10, "tthc.received.online": 9, "tthc.received.direct": 1}
    )
    report(
        b, "2031-02", {"tthc.received": 1527, "tthc.received.online": 5, "tthc.received.direct": 15}
    )
    client.force_login(make_user("31", Membership.CITY_STAFF))
    return client


QUERY = (
    "?codes=tthc.received&codes=tthc.online.rate&codes=donthu.pending"
    "&units=98001&units=98002&from=2031-01&to=2031-02"
)


def test_excel_has_a_sheet_per_group_vietnamese_headers_and_the_numbers(city):
    response = city.get(reverse("analytics:indicators_xlsx") + QUERY)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Thông tin", "Thủ tục hành chính", "Tiếp công dân, đơn thư"]
    rows = list(book["Thủ tục hành chính"].iter_rows(values_only=True))
    assert rows[0][0] == "Tổng số hồ sơ tiếp nhận (hồ sơ)"
    assert rows[1][:5] == ("Mã", "Đơn vị", "01/2031", "02/2031", "Cộng cả kỳ")
    # Received files are not ranked (more is neither better nor worse).
    assert rows[2][:6] == ("98001", "Xã Một", 100, 120, 220, None)
    assert rows[3][:6] == ("98002", "Xã Hai", 10, 1527, 1537, None)
    assert rows[4][:5] == (None, "Các đơn vị đã chọn", 110, 1647, 1757)
    rate = [r for r in rows if r and r[0] == "98001"][1]
    assert rate[2:5] == (33.33, 50, 42.11)  # recomputed from counts
    sheet = book["Thủ tục hành chính"]
    assert sheet.cell(3, 3).number_format == "#,##0"
    stocks = list(book["Tiếp công dân, đơn thư"].iter_rows(values_only=True))
    assert stocks[2][:5] == ("98001", "Xã Một", 4, 6, 6)  # a stock's total is its last month


def test_csv_holds_the_same_table_in_plain_numbers(city):
    response = city.get(reverse("analytics:indicators_csv") + QUERY)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mã",
        "Đơn vị",
        "01/2031",
        "02/2031",
    ]
    assert [
        "tthc.received",
        "Tổng số hồ sơ tiếp nhận",
        "hồ sơ",
        "98002",
        "Xã Hai",
        "10",
        "1527",
        "1537",
        "",
    ] in rows
    online = [r for r in rows if r[0] == "tthc.online.rate" and r[3] == ""][0]
    assert online[5:8] == ["39", "45.83", "42.73"]


def test_periods_as_rows(city):
    response = city.get(reverse("analytics:indicators_csv") + QUERY + "&rows=periods")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][3:8] == ["Kỳ", "Tháng", "Xã Một", "Xã Hai", "Các đơn vị đã chọn"]
    assert rows[1][3:8] == ["2031-01", "01/2031", "100", "10", "110"]


# --- baocao export ----------------------------------------------------------------


def main(argv: list[str]) -> int:
    """`baocao export ...` in this process, with its exit code. call_command rather
    than the console script: the script closes the database connection when it ends,
    which on PostgreSQL would end the test's transaction."""
    assert argv[0] == "export"
    options = dict(zip(argv[1::2], argv[2::2], strict=True))
    try:
        call_command("export", **{k.lstrip("-"): v for k, v in options.items()})
    except SystemExit as exc:
        return exc.code
    return 0


def test_export_csv_of_one_unit(city, tmp_path):
    out = tmp_path / "so-lieu.csv"
    assert (
        main(
            [
                "export",
                "--period",
                "2031-02",
                "--unit",
                "98002",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["code"]: r["value"] for r in rows}["tthc.received"] == "1527"
    assert {r["unit_code"] for r in rows} == {"98002"}


def test_export_json_and_xlsx_of_every_unit(city, tmp_path):
    out = tmp_path / "ky.json"
    assert main(["export", "--period", "2031-01", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"] == "2031-01" and data["count"] == 7
    first = data["values"][0]
    assert (first["unit_code"], first["template"], first["code"]) == (
        "98001",
        "ubnd-monthly",
        "tthc.received",
    )
    xlsx = tmp_path / "ky.xlsx"
    assert main(["export", "--period", "2031-01", "--format", "xlsx", "--out", str(xlsx)]) == 0
    sheet = load_workbook(xlsx)["Số liệu"]
    assert sheet["A1"].value == "Mã đơn vị" and sheet.max_row == 8
    assert Decimal(str(sheet["I2"].value)) == 100


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["--period", "2031-13"], 2, "Tháng không hợp lệ"),
        (["--period", "2031-01", "--unit", "00000"], 2, "Không có đơn vị mã «00000»"),
        (["--period", "2031-01", "--template", "khong-co"], 2, "Không có mẫu báo cáo"),
        (["--period", "2031-01", "--format", "pdf"], 2, "Định dạng «pdf» không hỗ trợ"),
        (["--period", "2040-01"], 1, "Không có số liệu nào"),
    ],
)
def test_export_exit_codes_and_vietnamese_errors(city, tmp_path, capsys, args, code, message):
    if "--format" not in args:
        args = [*args, "--format", "csv"]
    out = tmp_path / "x.csv"
    assert main(["export", *args, "--out", str(out)]) == code
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_export_to_a_folder_that_does_not_exist_exits_2(city, tmp_path, capsys):
    out = tmp_path / "khong" / "co" / "x.csv"
    assert main(["export", "--period", "2031-01", "--format", "csv", "--out", str(out)]) == 2
    assert "Không ghi được tệp" in capsys.readouterr().err


def test_the_console_script_maps_export_and_exits_2_on_a_bad_month(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    args = ["export", "--period", "2025-13", "--format", "csv", "--out", str(tmp_path / "x.csv")]
    result = subprocess.run(
        [sys.executable, "-m", "baocao", *args], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Tháng không hợp lệ" in result.stderr and "Traceback" not in result.stderr


def test_excel_writing_does_not_rescan_the_sheet_each_row(monkeypatch):
    """openpyxl's max_row scans every cell: asked once a row, a city-sized workbook took
    minutes (quadratic). The writer counts its own rows."""
    from openpyxl.worksheet.worksheet import Worksheet

    from baocao.analytics.exports import tables_xlsx
    from baocao.analytics.tables import Table, TableRow
    from baocao.catalog.models import Indicator

    asked = []
    real = Worksheet.max_row
    monkeypatch.setattr(Worksheet, "max_row", property(lambda s: asked.append(1) or real.fget(s)))
    indicator = Indicator(code="x.y", name="Chỉ tiêu", unit="hồ sơ", group="tthc", kind="flow")
    rows = [TableRow(str(n), f"Xã {n}", [Decimal(n)] * 3, Decimal(3 * n), n) for n in range(300)]
    footer = TableRow("", "Toàn thành phố", [Decimal(1)] * 3, Decimal(3))
    months = ["2025-01", "2025-02", "2025-03"]
    table = Table(indicator, [*months, "Cộng"], months, "Đơn vị", rows, footer)
    book = load_workbook(io.BytesIO(tables_xlsx([table] * 4, description=[])))
    assert len(asked) < 10
    assert book["Thủ tục hành chính"].max_row == 4 * 303 + 3  # 4 blocks, a blank line between
