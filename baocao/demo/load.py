"""Load the demo: Hải Phòng's 114 units, demo users, and two monthly reports
(UBND and Đảng ủy) a unit a month for tháng 11/2024 to tháng 11/2025.

Figures come from baocao.demo.values (every breakdown adds up) except:

* the real seeds: xã Đại Sơn (11086) tháng 10/2025 and phường Thạch Khôi (11002)
  tháng 11/2025 are the published reports (baocao/data/seeds/*.txt) imported by
  baocao.importer (their outline, wording, footnotes and tasks), with the figures of
  their facts files, mistakes included (11 tỷ 15 triệu ≠ 3.882 + 7.233 triệu ...);
* these deliberate inconsistencies, for validation to find (UBND reports):

  ====== ======================= ======= ==================================================
  code   unit                    period  what is wrong
  ====== ======================= ======= ==================================================
  11311  Phường Hồng Bàng        2025-11 ngansach.revenue is 120 triệu less than own + transfer
  11341  Phường Ngô Quyền        2025-10 tthc.received.online larger than tthc.received
  11359  Phường Gia Viên         2025-11 vanhoa.families_rate 99,5% does not match its counts
  11383  Phường Lê Chân          2025-09 tthc.in_progress larger than tthc.received
  11407  Phường An Biên          2025-11 giamngheo.poor up 250 while poor_change says otherwise
  11413  Phường Hải An           2025-08 vanban.incoming ten times its usual level (outlier)
  11443  Phường Kiến An          2025-11 tthc.received not reported (mandatory figure missing)
  11446  Phường Phù Liễn         2025-11 donthu.resolved more than the letters open
  ====== ======================= ======= ==================================================
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from baocao.accounts.models import Membership
from baocao.backup import audit
from baocao.catalog.loaders import CITY_CODE, DATA_DIR, load_catalog
from baocao.catalog.models import Indicator, ReportTemplate, Target, Unit
from baocao.catalog.periods import Period, month_range
from baocao.demo.bulk import insert_rows
from baocao.demo.values import Profile, make_profile, unit_series
from baocao.offices.demo import load_offices
from baocao.registry.demo import prepare_demo
from baocao.reports import prose
from baocao.reports.models import AuditEntry, Report, Value
from baocao.reports.services import flatten_outline, instantiate_outline

FIRST, LAST = Period.month(2024, 11), Period.month(2025, 11)
PASSWORD = "baocao2025"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SEEDS = {  # unit code → (period, facts file, the template of the real report)
    # The report itself (outline, prose, footnotes, tasks) is imported from the seed's
    # text beside its facts file (same name, .txt): see import_seed_report.
    "11086": ("2025-10", "000_a74f68ec347e13c9.facts.yaml", "dang-monthly"),
    "11002": ("2025-11", "002_c69ecaed7d58e06f.facts.yaml", "ubnd-monthly"),
}
DEMO_USERS = [
    # username, full name, unit code, role
    ("admin", "Quản trị hệ thống", CITY_CODE, Membership.ADMIN),
    ("thanhpho", "Nguyễn Thu Hà (Văn phòng UBND thành phố)", CITY_CODE, Membership.CITY_STAFF),
    ("thachkhoi", "Lê Thị Mai (Văn phòng phường Thạch Khôi)", "11002", Membership.CLERK),
    (
        "thachkhoi.lanhdao",
        "Phạm Ngọc Sơn (Phó Chủ tịch UBND phường Thạch Khôi)",
        "11002",
        Membership.LEADER,
    ),
    ("daison", "Vũ Văn Nam (Văn phòng Đảng ủy xã Đại Sơn)", "11086", Membership.CLERK),
    (
        "daison.lanhdao",
        "Trương Thị Toan (Phó Bí thư Thường trực Đảng ủy xã Đại Sơn)",
        "11086",
        Membership.LEADER,
    ),
]


BREAKS: dict[tuple[str, str], Callable[[dict, dict], None]] = {
    ("11311", "2025-11"): lambda v, p: v.update(
        {"ngansach.revenue": v["ngansach.revenue"] - 120_000_000}
    ),
    ("11341", "2025-10"): lambda v, p: v.update({"tthc.received.online": v["tthc.received"] + 35}),
    ("11359", "2025-11"): lambda v, p: v.update({"vanhoa.families_rate": Decimal("99.5")}),
    ("11383", "2025-09"): lambda v, p: v.update({"tthc.in_progress": v["tthc.received"] + 10}),
    ("11407", "2025-11"): lambda v, p: v.update({"giamngheo.poor": p["giamngheo.poor"] + 250}),
    ("11413", "2025-08"): lambda v, p: v.update({"vanban.incoming": v["vanban.incoming"] * 10}),
    ("11443", "2025-11"): lambda v, p: v.pop("tthc.received"),
    ("11446", "2025-11"): lambda v, p: v.update(
        {"donthu.resolved": v["donthu.received"] + p["donthu.pending"] + 6}
    ),
}


def seed_facts(filename: str) -> dict[str, Decimal]:
    raw = yaml.safe_load((DATA_DIR / "seeds" / filename).read_text(encoding="utf-8"))
    return {f["code"]: Decimal(str(f["value"])) for f in raw["facts"]}


def template_codes(template: ReportTemplate, parts_of: dict[str, list[str]]) -> set[str]:
    """Indicator codes a report of this template shows or asks for, with the parts
    of every total it shows: the commune knows them even when the prose does not
    quote them, and without them a breakdown would look incomplete."""
    plan = flatten_outline(template.outline)
    codes = set(template.mandatory)
    for spec in plan.sections:
        codes.update(spec["indicators"])
    for spec in plan.blocks:
        codes.update(prose.figure_codes(spec["text"]))
    pending = list(codes)
    while pending:
        for part in parts_of.get(pending.pop(), []):
            if part not in codes:
                codes.add(part)
                pending.append(part)
    return codes


def template_series(
    unit_code: str, template_code: str, series: dict[str, dict[str, Decimal]]
) -> dict[str, dict[str, Decimal]]:
    """The figures one template's reports show: the seed's own in the seed report,
    and the deliberate mistakes in UBND reports only."""
    out = {key: dict(month) for key, month in series.items()}
    seed = SEEDS.get(unit_code)
    if seed and seed[2] == template_code:
        out[seed[0]] = seed_month(out[seed[0]], seed_facts(seed[1]))
    if template_code == "ubnd-monthly":
        keys = sorted(out)
        for i, key in enumerate(keys[1:], start=1):
            if (unit_code, key) in BREAKS:
                BREAKS[(unit_code, key)](out[key], out[keys[i - 1]])
    return out


def seed_profile(code: str, kind: str, name: str) -> Profile:
    """Seed units get the population their reports state, so history matches the seed."""
    profile = make_profile(code, kind, name)
    if code in SEEDS:
        facts = seed_facts(SEEDS[code][1])
        if "dancu.persons" in facts:
            profile.persons = int(facts["dancu.persons"])
        elif "vanhoa.families_total" in facts:
            profile.persons = int(facts["vanhoa.families_total"] * Decimal("3.15"))
    return profile


SHIFTED_STOCKS = (
    "dang.members",
    "antt.",
    "btxh.beneficiaries",
    "giamngheo.poor",
    "giamngheo.near_poor",
)


def shift_history_to_seed(
    series: dict[str, dict[str, Decimal]],
    period: str,
    facts: dict[str, Decimal],
    parts_of: dict[str, list[str]],
) -> None:
    """Shift slow stocks (membership, beneficiaries, poor households) over the months
    before the seed, so that history leads to the seed's level: where the seed states
    a change (poor households "giảm 45 hộ"), last month + change = the seed's figure.
    A total is shifted only with all its parts, so breakdowns keep adding up."""
    keys = sorted(series)
    at = keys.index(period)
    for code, value in facts.items():
        if not code.startswith(SHIFTED_STOCKS) or code.endswith(("_change", "_rate")):
            continue
        if code not in series[period] or not all(p in facts for p in parts_of.get(code, [])):
            continue
        change = facts.get(f"{code}_change", series[period].get(f"{code}_change", 0))
        before = value - change - series[keys[at - 1]][code]  # last month + change = seed
        after = value - series[period][code]  # the months after move on from the seed
        for i, key in enumerate(keys):
            if i == at:
                continue
            month = series[key]
            month[code] += before if i < at else after
            if f"{code}_rate" in month and month.get("dancu.households"):
                rate = 100 * month[code] / month["dancu.households"]
                month[f"{code}_rate"] = rate.quantize(Decimal("0.01"))


def seed_month(month: dict[str, Decimal], facts: dict[str, Decimal]) -> dict[str, Decimal]:
    """The seed report's figures: each group the seed speaks of is the seed's whole
    (a generated part beside a real total would not add up); other groups stay."""
    groups = {c.split(".")[0] for c in facts}
    kept = {c: v for c, v in month.items() if c.split(".")[0] not in groups}
    return {**kept, **facts}


SIGNERS = {("11002", "ubnd"): "Phạm Ngọc Sơn", ("11086", "dang"): "Trương Thị Toan"}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Hữu"]
GIVEN = [
    "Hùng",
    "Lan",
    "Sơn",
    "Hà",
    "Tuấn",
    "Hương",
    "Dũng",
    "Thảo",
    "Long",
    "Hạnh",
    "Bình",
    "Toàn",
]


def signer_name(code: str, issuer: str) -> str:
    """The leader who signs: the seeds' real signers, invented names elsewhere."""
    if (code, issuer) in SIGNERS:
        return SIGNERS[(code, issuer)]
    rng = random.Random(f"baocao-signer-{code}-{issuer}")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def targets_behind_seed(
    series: dict[str, dict[str, Decimal]], period: str, facts: dict[str, Decimal]
) -> dict[str, Decimal]:
    """The year's estimates that make the seed's "đạt 20% dự toán" true of the
    figures up to its month, so the demo's computed percentages agree with it."""
    from baocao.rules.derived import PCT_OF_ESTIMATE

    year = period[:4]
    out = {}
    for pct_code, flow in PCT_OF_ESTIMATE.items():
        if pct_code in facts and facts[pct_code] and flow in facts:
            so_far = facts[flow] + sum(
                month.get(flow, Decimal(0))
                for key, month in series.items()
                if key[:4] == year and key < period
            )
            out[flow] = (so_far * 100 / facts[pct_code]).quantize(Decimal(1))
    return out


def restate_progress(series: dict[str, dict[str, Decimal]], targets: dict[str, Decimal]) -> None:
    """Recompute "% of the year's estimate" after the estimates changed."""
    from baocao.rules.derived import PCT_OF_ESTIMATE

    for pct_code, flow in PCT_OF_ESTIMATE.items():
        so_far: dict[str, Decimal] = {}
        for key in sorted(series):
            month, year = series[key], key[:4]
            if flow in month and targets.get(flow):
                so_far[year] = so_far.get(year, Decimal(0)) + month[flow]
                month[pct_code] = (100 * so_far[year] / targets[flow]).quantize(Decimal(1))


def report_status(period: Period, rng: random.Random) -> tuple[str, int]:
    """Status and days from deadline to submission (negative: early)."""
    if period < LAST:
        return rng.choice([Report.ACCEPTED] * 8 + [Report.APPROVED]), rng.choice(
            [-2, -1, -1, 0, 0, 0, 1, 3]
        )
    status = rng.choice(
        [Report.DRAFT] * 3
        + [Report.SUBMITTED] * 3
        + [Report.APPROVED] * 3
        + [Report.ACCEPTED] * 3
        + [Report.RETURNED]
    )
    return status, rng.choice([-1, 0, 0, 1, 2])


Progress = Callable[[str, int, int], None]  # step, done, total


def load_demo(*, reset: bool = False, progress: Progress | None = None) -> dict[str, int]:
    """The whole demo in one transaction. The fact triggers are lifted for the bulk
    writes and the fact table rebuilt in one statement before the city's report,
    which reads it, is prepared (baocao.analytics.triggers)."""
    from baocao.analytics.triggers import facts_rebuilt_after
    from baocao.demo.predecessors import load_city_report, load_predecessors, refresh_statistics

    progress = progress or (lambda step, done, total: None)
    with transaction.atomic(), large_cache():
        with facts_rebuilt_after():
            if reset:
                progress("Xóa dữ liệu demo cũ", 0, 1)
                with audit.purge():  # the demo's synthetic history only
                    AuditEntry.objects.all().delete()
                    Report.objects.all().delete()
                Target.objects.all().delete()
                Membership.objects.all().delete()
                get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()
            progress("Nạp danh mục", 0, 1)
            load_catalog()
            make_users()
            counts = load_communes(progress)
            progress("Đơn vị cũ trước sáp nhập", 0, 1)
            counts["predecessor_reports"] = load_predecessors()
            # Former communes' reports were approved the evening they were sent.
            Report.objects.filter(
                status__in=Report.LOCKED, approved_at=None, submitted_at__isnull=False
            ).update(approved_at=F("submitted_at") + timedelta(hours=3))
            progress("Tổng hợp số liệu", 0, 1)
        load_city_report()
        refresh_statistics()
        counts.update(prepare_demo())  # register numbers of approved reports, demo CA (registry)
        counts.update(load_offices())  # offices, their users and sections (offices/demo.py)
    progress("Xong", 1, 1)
    return counts


@contextmanager
def large_cache():
    """SQLite's default 2 MB page cache makes every index insert of a 280,000-row
    load a page spill; 256 MB keeps the indexes in memory for the load."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def load_communes(progress: Progress) -> dict[str, int]:
    """Every current commune's UBND and Đảng ủy reports with their figures."""
    from baocao.demo.bulk import copy_outline, indexes_built_after, reset_sequences
    from baocao.reports.models import Block, Section, Task

    templates = list(
        ReportTemplate.objects.filter(code__in=["ubnd-monthly", "dang-monthly"]).order_by("code")
    )
    indicators = {i.code: i for i in Indicator.objects.all()}
    indicator_ids = {code: i.pk for code, i in indicators.items()}
    parts_of = {i.code: i.parts for i in indicators.values() if i.parts}
    codes_of = {t.pk: template_codes(t, parts_of) & set(indicators) for t in templates}
    plans = {t.pk: flatten_outline(t.outline) for t in templates}
    periods = month_range(FIRST, LAST)
    # A seed report holds every figure the real report states, whatever the template asks.
    seed_months = {
        (code, period, t): set(seed_facts(name)) for code, (period, name, t) in SEEDS.items()
    }
    communes = list(
        Unit.objects.filter(kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True).order_by("code")
    )
    counts = {"units": len(communes), "reports": 0, "values": 0}
    all_reports: list[Report] = []
    values: list[tuple] = []
    targets: list[Target] = []
    seeded: list[tuple] = []
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # adapted once, not per row
    for n, unit in enumerate(communes, start=1):
        progress("Đơn vị", n - 1, len(communes))
        rng = random.Random(f"baocao-status-{unit.code}")
        demo = unit_series(seed_profile(unit.code, unit.kind, unit.name), periods)
        series, unit_targets = demo.series, dict(demo.targets)
        if unit.code in SEEDS:
            period, filename, _ = SEEDS[unit.code]
            facts = seed_facts(filename)
            shift_history_to_seed(series, period, facts, parts_of)
            unit_targets.update(targets_behind_seed(series, period, facts))
            restate_progress(series, unit_targets)
        targets.extend(
            Target(unit=unit, indicator=indicators[code], year=year, value=value)
            for year in sorted({p.year for p in periods})
            for code, value in unit_targets.items()
        )
        by_template = {t.code: template_series(unit.code, t.code, series) for t in templates}
        reports = []
        for template in templates:
            for period in periods:
                status, late_days = report_status(period, rng)
                if unit.code in SEEDS and period == LAST:
                    status = Report.DRAFT  # the demo clerks' report to work on
                submitted = approved = None
                if status != Report.DRAFT:
                    deadline = period.deadline(template.period_mode, template.deadline_days)
                    submitted = datetime.combine(
                        deadline + timedelta(days=late_days), time(16, 30), TZ
                    )
                if status in Report.LOCKED:
                    approved = submitted + timedelta(hours=rng.choice([2, 18, 20, 42]))
                if SEEDS.get(unit.code, ())[::2] == (period.key, template.code):
                    seeded.append((unit, template, period, status, submitted, by_template))
                    continue  # imported from the real report below
                reports.append(
                    Report(
                        unit=unit,
                        template=template,
                        period=period.key,
                        status=status,
                        source="demo",
                        submitted_at=submitted,
                        approved_at=approved,
                        signer_name=signer_name(unit.code, template.issuer),
                    )
                )
        Report.objects.bulk_create(reports)
        for report in reports:
            report_id, month = report.pk, by_template[report.template.code][report.period]
            for code in codes_of[report.template_id] | seed_months.get(
                (unit.code, report.period, report.template.code), set()
            ):
                if code in month and code in indicator_ids:
                    values.append((report_id, indicator_ids[code], month[code], "demo", 1, now))
        all_reports.extend(reports)
    progress("Đơn vị", len(communes), len(communes))
    progress("Ghi số liệu", 0, 1)
    Target.objects.bulk_create(targets, batch_size=2000)
    with indexes_built_after(Value, Section, Block, Task):
        insert_rows(
            Value, ["report_id", "indicator_id", "value", "source", "version", "updated_at"], values
        )
        progress("Đề cương báo cáo", 0, 1)
        for template in templates:
            of_template = [r for r in all_reports if r.template_id == template.pk]
            instantiate_outline(plans[template.pk], of_template[:1])
            copy_outline(of_template[0], of_template)
    reset_sequences(Section, Block, Task)
    progress("Báo cáo thật của hai đơn vị mẫu", 0, 1)
    for unit, template, period, status, submitted, by_template in seeded:
        codes = codes_of[template.pk] | seed_months[(unit.code, period.key, template.code)]
        month = by_template[template.code][period.key]
        counts["values"] += import_seed_report(
            unit,
            template,
            period,
            {c: v for c, v in month.items() if c in codes},
            indicators,
            status=status,
            submitted_at=submitted,
        )
        counts["reports"] += 1
    counts["reports"] += len(all_reports)
    counts["values"] += len(values)
    return counts


def import_seed_report(
    unit: Unit,
    template: ReportTemplate,
    period: Period,
    month: dict[str, Decimal],
    indicators: dict[str, Indicator],
    *,
    status: str,
    submitted_at: datetime | None,
) -> int:
    """The real report of a seed unit, read by the importer from its text and stored
    as an imported draft (its wording, footnotes and tasks; its figures audited as
    imported); then the figures the annotators read in it (facts file) win where the
    importer read otherwise, and the demo's other figures of that month are added."""
    from baocao.importer.extract import extract_file
    from baocao.importer.store import store_extraction

    facts_file = SEEDS[unit.code][1]
    extraction = extract_file(DATA_DIR / "seeds" / facts_file.replace(".facts.yaml", ".txt"))
    report = store_extraction(extraction, unit=unit, period=period, template=template)
    # The demo's history starts at the import itself: one "create" entry, not one
    # entry a figure (the clerks' own edits are then the whole value history).
    with audit.purge():
        AuditEntry.objects.filter(report=report, action="value").delete()
    annotated = seed_facts(facts_file)
    stored = dict(report.values.values_list("indicator__code", "pk"))
    for code, pk in stored.items():
        if code in annotated:
            Value.objects.filter(pk=pk).update(value=annotated[code])
    now = timezone.now()
    rows = [
        (report.pk, indicators[code].pk, value, "demo", 1, now)
        for code, value in month.items()
        if code in indicators and code not in stored
    ]
    insert_rows(
        Value, ["report_id", "indicator_id", "value", "source", "version", "updated_at"], rows
    )
    Report.objects.filter(pk=report.pk).update(
        status=status,
        submitted_at=submitted_at,
        signer_name=signer_name(unit.code, template.issuer),
    )
    return len(stored) + len(rows)


def make_users() -> dict:
    User = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in={u[2] for u in DEMO_USERS})}
    users = {}
    hashed = make_password(PASSWORD)  # one slow hash for every demo account, same password
    for username, full_name, code, role in DEMO_USERS:
        first, _, last = full_name.partition(" (")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first}
        )
        if created:
            user.password = hashed
            user.is_staff = role == Membership.ADMIN
            user.is_superuser = role == Membership.ADMIN
            user.save()
        Membership.objects.get_or_create(user=user, unit=units[code], role=role)
        users[username] = user
    return users
