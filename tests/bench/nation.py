"""The nation, synthetic, on PostgreSQL: 3,321 communes in 34 provinces × 36 months ×
120 indicators ≈ 14.3 million figures, generated in SQL (generate_series) in a
database of its own, then the city's aggregation code (baocao.analytics.aggregate)
timed on it and compared with pandas over the same rows in memory.

Run by test_bench_nation.py in a subprocess whose DATABASE_URL names the throwaway
database, so the code measured is the application's own, with its own settings.
Prints one JSON object on its last line."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

# BENCH_SCALE=1|2|4 multiplies the communes (the nation, twice it, four times it).
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
PROVINCES, COMMUNES, MONTHS, INDICATORS = 34, 3321 * SCALE, 36, 120
RUNS = 7
TEN = [
    "tthc.received",
    "tthc.resolved",
    "tthc.in_progress",
    "tthc.online.rate",
    "hotich.total",
    "ngansach.revenue",
    "donthu.received",
    "donthu.pending",
    "giamngheo.poor_rate",
    "btxh.beneficiaries",
]


def log(message: str) -> None:
    print(message, flush=True)


def timed(work, runs: int = RUNS) -> tuple[float, float, object]:
    """Median and p95 (seconds) of `runs` runs after one warm run, and the result."""
    result = work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return statistics.median(times), p95, result


def not_null_defaults(cursor, table: str, given: set[str]) -> tuple[str, str]:
    """Columns of `table` that are NOT NULL without a default and not in `given`, with
    a plain value for each: the other engineers' migrations may add columns."""
    cursor.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
        [table],
    )
    plain = {
        "text": "''",
        "character varying": "''",
        "boolean": "false",
        "integer": "0",
        "smallint": "0",
        "bigint": "0",
        "numeric": "0",
        "timestamp with time zone": "now()",
        "date": "current_date",
        "jsonb": "'[]'::jsonb",
    }
    extra = [(name, plain[kind]) for name, kind in cursor.fetchall() if name not in given]
    return "".join(f", {n}" for n, _ in extra), "".join(f", {v}" for _, v in extra)


def generate() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from baocao.catalog.loaders import load_indicators, load_templates
    from baocao.catalog.models import ReportTemplate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_indicators()
    load_templates()
    template = ReportTemplate.objects.get(code="ubnd-monthly").pk
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")
        c.execute("SET maintenance_work_mem = '1GB'")
        # A throwaway database: no WAL for the bulk tables, no trigger per row (the
        # fact table is filled once, as migration 0001 fills it for existing figures).
        c.execute("ALTER TABLE reports_value SET UNLOGGED")
        c.execute("ALTER TABLE analytics_fact SET UNLOGGED")
        c.execute("ALTER TABLE reports_value DISABLE TRIGGER analytics_fact_value")
        cols, vals = not_null_defaults(c, "catalog_unit", {"id", "code", "name", "kind"})
        c.execute(
            f"""INSERT INTO catalog_unit (code, name, kind{cols})
            SELECT 'T' || lpad(g::text, 2, '0'), 'Tỉnh ' || g, 'city'{vals}
            FROM generate_series(1, {PROVINCES}) g"""
        )
        cols, vals = not_null_defaults(
            c, "catalog_unit", {"id", "code", "name", "kind", "parent_id"}
        )
        c.execute(
            f"""INSERT INTO catalog_unit (code, name, kind, parent_id{cols})
            SELECT 'N' || lpad(g::text, 5, '0'), 'Xã ' || g,
                   CASE WHEN g % 3 = 0 THEN 'phuong' ELSE 'xa' END,
                   (SELECT id FROM catalog_unit WHERE code = 'T' || lpad((1 + g % {PROVINCES})::text, 2, '0')){vals}
            FROM generate_series(1, {COMMUNES}) g"""
        )
        given = {"id", "unit_id", "template_id", "period", "status", "source", "submitted_at"}
        cols, vals = not_null_defaults(c, "reports_report", given)
        c.execute(
            f"""INSERT INTO reports_report (unit_id, template_id, period, status, source, submitted_at{cols})
            SELECT u.id, {template}, to_char(date '2023-01-01' + make_interval(months => m), 'YYYY-MM'),
                   'accepted', 'bench', now(){vals}
            FROM catalog_unit u CROSS JOIN generate_series(0, {MONTHS - 1}) m
            WHERE u.code LIKE 'N%'"""
        )
        given = {"id", "report_id", "indicator_id", "value", "source", "version", "updated_at"}
        cols, vals = not_null_defaults(c, "reports_value", given)
        c.execute(
            f"""INSERT INTO reports_value (report_id, indicator_id, value, source, version, updated_at{cols})
            SELECT r.id, i.id, ((r.id * 7919 + i.id * 104729) % 997 + 3)::numeric, 'bench', 1, now(){vals}
            FROM reports_report r
            CROSS JOIN (SELECT id FROM catalog_indicator ORDER BY position LIMIT {INDICATORS}) i"""
        )
        values = c.rowcount
        log(f"  {values:,} figures in reports_value ({time.perf_counter() - started:.0f} s)")
        c.execute(
            """INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
            SELECT v.id, v.report_id, r.template_id, r.unit_id, r.period, v.indicator_id, v.value
            FROM reports_value v JOIN reports_report r ON r.id = v.report_id"""
        )
        c.execute("ALTER TABLE reports_value ENABLE TRIGGER analytics_fact_value")
    # VACUUM sets the visibility map, so the covering index is read without the table.
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE analytics_fact")
        c.execute("ANALYZE")
    seconds = time.perf_counter() - started
    log(f"  fact table filled, vacuumed, analysed ({seconds:.0f} s)")
    return {"values": values, "generate_s": round(seconds, 1)}


def measure() -> dict:
    import pandas as pd
    from django.db import connection

    from baocao.analytics.aggregate import BY_PROVINCE, pivot
    from baocao.catalog.models import Indicator, Unit
    from baocao.catalog.periods import Period, month_range

    periods = month_range(Period.month(2025, 1), Period.month(2025, 12))
    province = Unit.objects.get(code="T07")
    by_province = timed(lambda: pivot(TEN, periods, by=BY_PROVINCE))
    one_province = timed(lambda: pivot(TEN, periods, province=province.pk))
    national = by_province[2]

    # pandas over the same rows: the flows' figures of the 12 months, every commune.
    flows = list(
        Indicator.objects.filter(code__in=TEN, kind=Indicator.FLOW).values_list("id", "code")
    )
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            """SELECT f.indicator_id, f.period, u.parent_id, f.value::float8
            FROM analytics_fact f JOIN catalog_unit u ON u.id = f.unit_id
            WHERE f.indicator_id = ANY(%s) AND f.period = ANY(%s)""",
            [[i for i, _ in flows], [p.key for p in periods]],
        )
        frame = pd.DataFrame(c.fetchall(), columns=["indicator", "period", "province", "value"])
    load_s = time.perf_counter() - started

    def with_pandas():
        cells = frame.groupby(["indicator", "period", "province"], sort=False)["value"].sum()
        by_month = frame.groupby(["indicator", "period"], sort=False)["value"].sum()
        by_row = frame.groupby(["indicator", "province"], sort=False)["value"].sum()
        total = frame.groupby("indicator", sort=False)["value"].sum()
        return cells, by_month, by_row, total

    pandas_median, pandas_p95, (_, _, _, total) = timed(with_pandas)
    code_of = dict(flows)
    for indicator_id, value in total.items():  # the same numbers both ways
        assert abs(float(national.totals[code_of[indicator_id]]) - value) < 1e-6 * value
    sql_flows = timed(lambda: pivot([c for _, c in flows], periods, by=BY_PROVINCE))
    return {
        "rows_read_by_pandas": len(frame),
        "national_by_province_s": [round(by_province[0], 3), round(by_province[1], 3)],
        "one_province_by_commune_s": [round(one_province[0], 3), round(one_province[1], 3)],
        "communes_in_province": len(one_province[2].rows),
        "sql_flows_by_province_s": round(sql_flows[0], 4),
        "pandas_groupby_s": round(pandas_median, 4),
        "runs": RUNS,
        "scale": SCALE,
        "pandas_load_s": round(load_s, 2),
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    import django

    django.setup()
    figures = generate()
    figures.update(measure())
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
