"""The nation on PostgreSQL: the real 3,321 communes, wards and special zones of the 34
provinces (the catalog's national list, vietnam-provinces) × 36 months × 120 indicators
≈ 14.3 million figures, generated in SQL (generate_series, triggers and secondary
indexes lifted during the load and rebuilt once) in a database of its own; then the
application's aggregation code (baocao.analytics.aggregate) timed on it, with live
writes going on, against pandas over the same rows.

Scales: the nation, then twice and four times it in the same database (each real
commune gets a twin per extra copy, in its own province), so the cost can be read
against the data. Merged communes are in the data: one commune in 20 of each copy was
formed from two former communes (no province, a successor), which reported until
06/2025; the successor has no report of its own for 01–06/2025, so the former
communes' figures count there, and its own reports win before 2025.

Run by test_bench_nation.py in a subprocess whose DATABASE_URL names the throwaway
database. Prints one JSON object on its last line: a list of figures per scale."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import threading
import time

MONTHS, INDICATORS = 36, 120
RUNS = 9
MERGED_EVERY = 20  # one commune in 20 was formed from former communes
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


def scales() -> list[int]:
    """NATION_SCALES=1,2,4 (default): the scales measured, growing one database."""
    text = os.environ.get("NATION_SCALES", "1,2,4")
    return sorted({int(s) for s in text.split(",") if s.strip()})


def log(message: str) -> None:
    print(message, flush=True)


def timed(work, runs: int = RUNS) -> dict:
    """Median and p95 wall time (seconds) and median CPU time of this thread (not the
    live writer's, nor PostgreSQL's) over `runs` runs after one warm run; and the last
    result."""
    result = work()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        result = work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    p95 = statistics.quantiles(wall, n=20, method="inclusive")[-1]
    return {
        "median": statistics.median(wall),
        "p95": p95,
        "cpu": statistics.median(cpu),
        "result": result,
    }


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


def lift_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop the secondary indexes and unique constraints of `tables`; return the SQL
    that puts them back (built once after the load, not row by row)."""
    back = []
    cursor.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
           FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)""",
        [tables],
    )
    for table, name, definition in cursor.fetchall():
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        back.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = ANY(%s) AND i.indexdef NOT LIKE '%%UNIQUE%%'""",
        [tables],
    )
    for name, definition in cursor.fetchall():
        cursor.execute(f"DROP INDEX {name}")
        back.append(definition)
    return back


def setup_catalog() -> int:
    """Migrate, the indicator catalog, and the national list of units (34 provinces,
    3,321 communes) as `baocao setup --province` loads them. Returns the template id."""
    from django.core.management import call_command
    from django.db import connection
    from vietnam_provinces import Province

    from baocao.catalog.loaders import load_indicators, load_templates
    from baocao.catalog.models import ReportTemplate, Unit
    from baocao.catalog.provinces import load_province

    call_command("migrate", verbosity=0)
    with connection.cursor() as c:
        # A throwaway database: the two bulk tables write no WAL (the roll-up, which
        # the live writes update, stays logged as in use).
        c.execute("ALTER TABLE reports_value SET UNLOGGED")
        c.execute("ALTER TABLE analytics_fact SET UNLOGGED")
    load_indicators()
    load_templates()
    for province in Province.iter_all():
        load_province(int(province.code), with_offices=False)
    communes = Unit.objects.filter(kind__in=Unit.COMMUNE_KINDS).count()
    provinces = Unit.objects.filter(kind=Unit.CITY).count()
    log(f"  national list: {provinces} provinces, {communes} communes")
    return ReportTemplate.objects.get(code="ubnd-monthly").pk


def grow(copy: int, template: int) -> int:
    """Add copy number `copy` of the nation (0: the real units themselves; n > 0: a
    twin of every real commune, same province), its former communes, their reports
    and figures, the facts and the roll-up rows. Returns the figures added."""
    from django.db import connection

    from baocao.analytics import triggers

    with connection.cursor() as c:
        c.execute("SET maintenance_work_mem = '512MB'")
        c.execute("SET synchronous_commit = off")
        # Every trigger off for the load (the fact copies, the roll-up and the foreign
        # keys' checks): the facts and the roll-up of the new rows are written below in
        # one statement each, as the demo load does (triggers.facts_rebuilt_after).
        c.execute("SET session_replication_role = replica")
        real = "code ~ '^[0-9]+$' AND kind IN ('xa', 'phuong', 'dac_khu')"
        if copy:
            cols, vals = not_null_defaults(
                c, "catalog_unit", {"id", "code", "name", "kind", "parent_id", "valid_from"}
            )
            c.execute(
                f"""INSERT INTO catalog_unit (code, name, kind, parent_id, valid_from{cols})
                SELECT code || '-{copy}', name || ' ({copy})', kind, parent_id, valid_from{vals}
                FROM catalog_unit WHERE {real}"""
            )
        mine = "code ~ '^[0-9]+$'" if copy == 0 else f"code LIKE '%-{copy}'"
        # Former communes: two per merged commune, no province, valid until 30/06/2025.
        cols, vals = not_null_defaults(
            c,
            "catalog_unit",
            {"id", "code", "name", "kind", "parent_id", "successor_id", "valid_to"},
        )
        c.execute(
            f"""INSERT INTO catalog_unit (code, name, kind, successor_id, valid_to{cols})
            SELECT u.code || '-cu' || j, 'Xã cũ ' || j || ' của ' || u.name, 'xa', u.id,
                   date '2025-06-30'{vals}
            FROM catalog_unit u CROSS JOIN generate_series(1, 2) j
            WHERE u.{mine} AND u.kind IN ('xa', 'phuong', 'dac_khu')
              AND u.id % {MERGED_EVERY} = 0"""
        )
        c.execute("SELECT coalesce(max(id), 0) FROM reports_report")
        reports_before = c.fetchone()[0]
        given = {"id", "unit_id", "template_id", "period", "status", "source", "submitted_at"}
        cols, vals = not_null_defaults(c, "reports_report", given)
        month = "to_char(date '2023-01-01' + make_interval(months => m), 'YYYY-MM')"
        # Current communes: 36 months, except a merged commune's 01–06/2025 (its former
        # communes reported those); former communes: 01/2023–06/2025.
        c.execute(
            f"""INSERT INTO reports_report (unit_id, template_id, period, status, source, submitted_at{cols})
            SELECT u.id, {template}, {month}, 'accepted', 'bench', now(){vals}
            FROM catalog_unit u CROSS JOIN generate_series(0, {MONTHS - 1}) m
            WHERE u.kind IN ('xa', 'phuong', 'dac_khu') AND NOT EXISTS
                  (SELECT 1 FROM reports_report r WHERE r.unit_id = u.id)
              AND CASE
                WHEN u.successor_id IS NOT NULL THEN m < 30
                WHEN EXISTS (SELECT 1 FROM catalog_unit p WHERE p.successor_id = u.id)
                    THEN m NOT BETWEEN 24 AND 29
                ELSE true END"""
        )
        c.execute("SELECT coalesce(max(id), 0) FROM reports_value")
        values_before = c.fetchone()[0]
        given = {"id", "report_id", "indicator_id", "value", "source", "version", "updated_at"}
        cols, vals = not_null_defaults(c, "reports_value", given)
        c.execute(
            f"""INSERT INTO reports_value (report_id, indicator_id, value, source, version, updated_at{cols})
            SELECT r.id, i.id, ((r.id * 7919 + i.id * 104729) % 997 + 3)::numeric, 'bench', 1, now(){vals}
            FROM reports_report r
            CROSS JOIN (SELECT id FROM catalog_indicator ORDER BY position LIMIT {INDICATORS}) i
            WHERE r.id > {reports_before}"""
        )
        added = c.rowcount
        c.execute(
            f"""INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
            SELECT v.id, v.report_id, r.template_id, r.unit_id, r.period, v.indicator_id, v.value
            FROM reports_value v JOIN reports_report r ON r.id = v.report_id
            WHERE r.id > {reports_before}"""
        )
        # The roll-up rows of the new figures (the copies touch no existing province
        # row's former communes, so adding to the existing rows is exact); the new
        # facts found by their ids (the primary key: the other indexes are lifted).
        select = (
            triggers._rollup.COPY.split("\n", 1)[1]
            .replace(
                "WHERE u.successor_id IS NULL",
                f"WHERE f.id > {values_before} AND (u.successor_id IS NULL",
            )
            .replace("GROUP BY", ") GROUP BY")
        )
        c.execute(
            f"""INSERT INTO analytics_rollup (template_id, indicator_id, period, province_id, total, n)
            {select}
            ON CONFLICT (template_id, indicator_id, period, province_id) DO UPDATE
            SET total = analytics_rollup.total + excluded.total, n = analytics_rollup.n + excluded.n"""
        )
        c.execute("SET session_replication_role = origin")
    return added


def lifted_indexes() -> list[str]:
    """Lift the secondary indexes of the two bulk tables for the load. The fact
    table's are built again before each measurement (restore_indexes); those of
    reports_value only serve writes that the benchmark does not make (the live writes
    change `value`, in place, found by primary key), so they are left out to keep the
    4× load within `make bench`'s time."""
    from django.db import connection

    with connection.cursor() as c:
        lift_indexes(c, ["reports_value"])
        return lift_indexes(c, ["analytics_fact"])


def restore_indexes(backs: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SET maintenance_work_mem = '512MB'")
        for sql in backs:
            c.execute(sql)
        c.execute("ANALYZE")  # statistics as after any load; no VACUUM (visibility map unset)


class LiveWrites(threading.Thread):
    """Clerks saving figures while the pivots are timed: a value changed through the
    ORM every few milliseconds (its fact and roll-up row follow by trigger), in
    autocommit, on a connection of its own."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.writes = 0

    def run(self):
        from django.db import connection
        from django.db.models import F

        from baocao.reports.models import Value

        last = Value.objects.order_by("-id").values_list("id", flat=True).first()
        rng = random.Random(18)
        while not self.stop.is_set():
            Value.objects.filter(pk=rng.randint(1, last)).update(value=F("value") + 1)
            self.writes += 1
            time.sleep(0.005)
        connection.close()


def measure(scale: int) -> dict:
    import pandas as pd
    from django.db import connection

    from baocao.analytics.aggregate import BY_PROVINCE, pivot
    from baocao.catalog.models import Indicator, Unit
    from baocao.catalog.periods import Period, month_range

    periods = month_range(Period.month(2025, 1), Period.month(2025, 12))
    province = Unit.objects.get(code="31")  # Hải Phòng: 114 communes a copy
    flows = list(
        Indicator.objects.filter(code__in=TEN, kind=Indicator.FLOW).values_list("id", "code")
    )
    flow_codes = [code for _, code in flows]

    writer = LiveWrites()
    writer.start()
    started = time.perf_counter()
    by_province = timed(lambda: pivot(TEN, periods, by=BY_PROVINCE))
    one_province = timed(lambda: pivot(TEN, periods, province=province.pk), runs=5)
    sql_flows = timed(lambda: pivot(flow_codes, periods, by=BY_PROVINCE))
    writer.stop.set()
    writer.join()
    writes_per_s = writer.writes / (time.perf_counter() - started)

    # pandas over the same rows: the flows' figures of the 12 months, each with the
    # province it adds into (the merger rule applied by the query, in pandas' favour).
    def load():
        with connection.cursor() as c:
            c.execute(
                """SELECT f.indicator_id, f.period,
                       CASE WHEN u.successor_id IS NULL THEN u.parent_id ELSE s.parent_id END,
                       f.value::float8
                FROM analytics_fact f JOIN catalog_unit u ON u.id = f.unit_id
                LEFT JOIN catalog_unit s ON s.id = u.successor_id
                WHERE f.indicator_id = ANY(%s) AND f.period = ANY(%s)
                  AND (u.successor_id IS NULL OR NOT EXISTS (SELECT 1 FROM reports_report x
                       WHERE x.unit_id = u.successor_id AND x.template_id = f.template_id
                         AND x.period = f.period))""",
                [[i for i, _ in flows], [p.key for p in periods]],
            )
            return pd.DataFrame(c.fetchall(), columns=["indicator", "period", "province", "value"])

    loaded = timed(load, runs=3)
    frame = loaded["result"]

    def with_pandas():
        cells = frame.groupby(["indicator", "period", "province"], sort=False)["value"].sum()
        by_month = frame.groupby(["indicator", "period"], sort=False)["value"].sum()
        by_row = frame.groupby(["indicator", "province"], sort=False)["value"].sum()
        total = frame.groupby("indicator", sort=False)["value"].sum()
        return cells, by_month, by_row, total

    in_memory = timed(with_pandas)
    _, _, by_row, total = in_memory["result"]
    national = pivot(flow_codes, periods, by=BY_PROVINCE)  # writes stopped: the same data
    code_of = dict(flows)
    for indicator_id, value in total.items():  # the same numbers both ways
        assert abs(float(national.totals[code_of[indicator_id]]) - value) < 1e-6 * value
    for (indicator_id, row), value in by_row.items():
        assert abs(float(national.row_totals[(code_of[indicator_id], row)]) - value) < 1e-6 * value
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM analytics_fact")
        facts = c.fetchone()[0]
        c.execute("SELECT count(*) FROM catalog_unit WHERE successor_id IS NOT NULL")
        former = c.fetchone()[0]

    def seconds(t: dict) -> list[float]:
        return [round(t["median"], 4), round(t["p95"], 4), round(t["cpu"], 4)]

    return {
        "scale": scale,
        "figures": facts,
        "former_communes": former,
        "rows_read_by_pandas": len(frame),
        "live_writes_per_s": round(writes_per_s, 1),
        "national_by_province_s": seconds(by_province),
        "one_province_by_commune_s": seconds(one_province),
        "communes_in_province": len(one_province["result"].rows),
        "sql_flows_by_province_s": seconds(sql_flows),
        "pandas_groupby_s": seconds(in_memory),
        "pandas_load_s": seconds(loaded),
        "runs": RUNS,
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    import django

    django.setup()
    started = time.perf_counter()
    template = setup_catalog()
    out, copies = [], 0
    for scale in scales():
        step = time.perf_counter()
        backs = lifted_indexes()
        while copies < scale:
            added = grow(copies, template)
            copies += 1
            log(f"  copy {copies}: {added:,} figures ({time.perf_counter() - step:.0f} s)")
        restore_indexes(backs)
        generated = time.perf_counter() - step
        figures = measure(scale)
        figures["generate_s"] = round(generated, 1)
        log(f"  ×{scale}: {json.dumps(figures)}")
        out.append(figures)
    log(f"  total {time.perf_counter() - started:.0f} s")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
