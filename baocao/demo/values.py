"""Plausible monthly figures for one commune, deterministic per unit code.

Every breakdown adds up, stocks move by their flows (pending letters, dossiers in
progress, poor households), rates are computed from their counts, and figures
follow the year's rhythm (Tết in February, weddings and the civil-status rush at
year end, rice harvests in June and October). Magnitudes scale with the unit's
population, which depends on its kind (phường larger than xã, Bạch Long Vĩ tiny).

The seed units are anchored on their real figures: the stock levels of the month
a seed reports are the seed's, so history leads up to them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from baocao.catalog.periods import Period

# Month multipliers for workload: Tết (late Jan / Feb) slows everything,
# the last months of the year are the busiest.
SEASON = {
    1: 1.05,
    2: 0.7,
    3: 1.0,
    4: 0.95,
    5: 1.0,
    6: 1.0,
    7: 1.05,
    8: 1.0,
    9: 1.0,
    10: 1.05,
    11: 1.1,
    12: 1.2,
}
WEDDING_SEASON = {
    1: 1.4,
    2: 0.6,
    3: 0.9,
    4: 0.8,
    5: 0.7,
    6: 0.6,
    7: 0.5,
    8: 0.5,
    9: 0.8,
    10: 1.2,
    11: 1.5,
    12: 1.6,
}
HARVEST = {6: 0.55, 10: 0.4, 11: 0.05}  # share of the year's rice in the months it is cut
WINTER_CROP_MONTHS = (10, 11, 12, 1, 2)


_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(4)}


def q(x: float | Decimal, places: int = 0) -> Decimal:
    """Round half up, as officials do. (Called ~150,000 times by the demo load: an int
    or a Decimal skips the detour through str, which only a float needs.)"""
    if isinstance(x, int) and places == 0:
        return Decimal(x)
    exp = _EXPONENTS.get(places) or Decimal(1).scaleb(-places)
    value = x if isinstance(x, Decimal) else Decimal(str(x))
    return value.quantize(exp, rounding=ROUND_HALF_UP)


def rate(part: Decimal, whole: Decimal, places: int = 2) -> Decimal:
    return q(Decimal(100) * part / whole, places) if whole else Decimal(0)


@dataclass
class Profile:
    code: str
    kind: str
    persons: int
    rng: random.Random
    anchors: dict[str, Decimal] = field(default_factory=dict)  # seed stock levels at anchor month
    anchor_period: str | None = None

    @property
    def households(self) -> int:
        return round(self.persons / 3.15)

    @property
    def scale(self) -> float:
        return self.persons / 25000


def make_profile(code: str, kind: str, name: str) -> Profile:
    rng = random.Random(f"baocao-demo-{code}")
    if "Bạch Long Vĩ" in name:
        persons = rng.randint(900, 1300)
    elif kind == "phuong":
        persons = rng.randint(22000, 48000)
    elif kind == "dac_khu":
        persons = rng.randint(28000, 36000)
    else:
        persons = rng.randint(12000, 32000)
    return Profile(code=code, kind=kind, persons=persons, rng=rng)


class Generator:
    """Walks the months in order, keeping the stocks that carry over."""

    def __init__(self, profile: Profile):
        self.p = profile
        r = profile.rng
        s = profile.scale
        self.state = {
            "tthc.in_progress": q(40 * s + r.randint(0, 20)),
            "donthu.pending": q(r.randint(2, 9)),
            "datdai.pending": q(r.randint(2, 8)),
            "giamngheo.poor": q(profile.households * r.uniform(0.006, 0.02)),
            "giamngheo.near_poor": q(profile.households * r.uniform(0.015, 0.03)),
            "btxh.beneficiaries.merit": q(300 * s * r.uniform(0.7, 1.3)),
            "btxh.beneficiaries.social": q(420 * s * r.uniform(0.7, 1.3)),
            "btxh.beneficiaries.pension": q(900 * s * r.uniform(0.7, 1.3)),
            "dang.members": q(profile.persons * r.uniform(0.035, 0.05)),
            "antt.managed_subjects": q(200 * s * r.uniform(0.7, 1.3)),
        }
        self.procedures = (r.randint(200, 215), r.randint(130, 140), r.randint(18, 25))
        self.online_share = r.uniform(0.62, 0.8)
        self.organizations = r.randint(22, 38)
        self.groups = max(3, round(profile.persons / 1300))
        self.estimates = {
            "own": Decimal(
                int(profile.persons * r.uniform(450_000, 900_000) / 1_000_000) * 1_000_000
            ),
            "exp": Decimal(
                int(profile.persons * r.uniform(1_800_000, 2_600_000) / 1_000_000) * 1_000_000
            ),
        }
        self.ytd = {"own": Decimal(0), "exp": Decimal(0), "inv": Decimal(0), "rec": Decimal(0)}
        self.rice_year = q(
            profile.persons * r.uniform(0.05, 0.12) * (0.2 if profile.kind == "phuong" else 1), 1
        )
        if profile.persons < 2000:  # Bạch Long Vĩ: an island without rice fields
            self.rice_year = Decimal(0)

    def n(self, base: float, spread: float = 0.2, season: float = 1.0, minimum: int = 0) -> Decimal:
        """A count around base × season, never below minimum."""
        value = base * season * self.p.rng.uniform(1 - spread, 1 + spread)
        return q(max(minimum, round(value)))

    def split(self, total: Decimal, weights: list[float]) -> list[Decimal]:
        """Integer parts of total in proportion to weights, adding up exactly."""
        if total <= 0:
            return [Decimal(0)] * len(weights)
        shares = [w * self.p.rng.uniform(0.85, 1.15) for w in weights]
        whole = sum(shares)
        parts = [q(int(total) * s / whole) for s in shares]
        parts[0] += total - sum(parts)
        if parts[0] < 0:  # rounding pushed the first part negative: move the deficit
            deficit = -parts[0]
            parts[0] = Decimal(0)
            biggest = max(range(1, len(parts)), key=lambda i: parts[i])
            parts[biggest] -= deficit
        return parts

    def month(self, period: Period) -> dict[str, Decimal]:
        m = period.number
        if m == 1:
            self.ytd = dict.fromkeys(self.ytd, Decimal(0))
        v: dict[str, Decimal] = {}
        for part in (
            self._tthc,
            self._hotich,
            self._cutru,
            self._ngansach,
            self._donthu,
            self._xahoi,
            self._kinhte,
            self._dang,
            self._antt,
        ):
            part(v, m, period)
        return v

    # --- groups ---------------------------------------------------------------------
    def _tthc(self, v, m, period):
        s, st = self.p.scale, self.state
        self.online_share = min(0.95, self.online_share + self.p.rng.uniform(0.0, 0.012))
        new = self.n(900 * s, 0.15, SEASON[m], 20)
        online = q(int(new) * self.online_share)
        v["tthc.received.online"], v["tthc.received.direct"] = online, new - online
        v["tthc.received.carried_over"] = st["tthc.in_progress"]
        received = new + st["tthc.in_progress"]
        v["tthc.received"] = received
        in_progress = q(int(received) * self.p.rng.uniform(0.03, 0.07))
        resolved = received - in_progress
        withdrawn, rejected = q(self.p.rng.randint(0, 8)), q(self.p.rng.randint(0, 3))
        late = q(self.p.rng.choice([0, 0, 0, 1, 2, 4]))
        timely = resolved - withdrawn - rejected - late
        early = q(int(timely) * self.p.rng.uniform(0.93, 0.97))
        v.update(
            {
                "tthc.resolved": resolved,
                "tthc.resolved.timely": timely,
                "tthc.resolved.early": early,
                "tthc.resolved.on_time": timely - early,
                "tthc.resolved.late": late,
                "tthc.withdrawn": withdrawn,
                "tthc.rejected": rejected,
                "tthc.in_progress": in_progress,
                "tthc.in_progress.within_deadline": in_progress
                - (overdue := q(self.p.rng.choice([0, 0, 0, 1]))),
                "tthc.in_progress.overdue": overdue,
            }
        )
        st["tthc.in_progress"] = in_progress
        eligible = q(int(new) * self.p.rng.uniform(0.55, 0.7))
        paid = q(int(eligible) * self.p.rng.uniform(0.75, 0.98))
        v["tthc.online_payment.eligible"], v["tthc.online_payment.paid"] = eligible, paid
        v["tthc.online_payment.rate"] = rate(paid, eligible)
        v["tthc.online.rate"] = rate(online, new)
        v["tthc.online.rate_dvctt"] = q(self.p.rng.uniform(97, 100), 2)
        v["tthc.digitized.dossier_rate"] = q(self.p.rng.uniform(92, 100), 2)
        v["tthc.digitized.result_rate"] = q(self.p.rng.choice([100, 100, 100, 99.8]), 2).normalize()
        v["tthc.visits"] = q(int(new) * self.p.rng.uniform(1.2, 1.8))
        full, partial, offline = self.procedures
        v["tthc.procedures.full_online"], v["tthc.procedures.partial_online"] = q(full), q(partial)
        v["tthc.procedures.offline"], v["tthc.procedures.total"] = (
            q(offline),
            q(full + partial + offline),
        )
        v["tthc.feedback"] = q(self.p.rng.choice([0, 0, 0, 1, 2]))

    def _hotich(self, v, m, period):
        s = self.p.scale
        birth = self.n(60 * s, 0.25, SEASON[m], 1)
        birth_late = q(self.p.rng.randint(0, max(1, int(birth) // 10)))
        birth_re = q(int(birth) * self.p.rng.uniform(0.1, 0.4))
        if birth_late + birth_re > birth:
            birth_re = birth - birth_late
        death = self.n(25 * s, 0.3, 1.1 if m in (12, 1, 2) else 1.0, 1)
        death_late = q(self.p.rng.randint(0, max(1, int(death) // 4)))
        death_re = q(self.p.rng.randint(0, max(1, int(death) // 5)))
        if death_late + death_re > death:
            death_re = death - death_late
        v.update(
            {
                "hotich.birth": birth,
                "hotich.birth.late": birth_late,
                "hotich.birth.re_registration": birth_re,
                "hotich.birth.on_time": birth - birth_late - birth_re,
                "hotich.death": death,
                "hotich.death.late": death_late,
                "hotich.death.re_registration": death_re,
                "hotich.death.on_time": death - death_late - death_re,
                "hotich.marital_status": self.n(55 * s, 0.25, WEDDING_SEASON[m], 1),
                "hotich.marriage": self.n(18 * s, 0.25, WEDDING_SEASON[m], 1),
                "hotich.correction": self.n(14 * s, 0.35, 1.0),
                "hotich.extract": self.n(45 * s, 0.3, SEASON[m], 1),
            }
        )
        v["hotich.total"] = sum(
            v[c]
            for c in (
                "hotich.birth",
                "hotich.death",
                "hotich.marital_status",
                "hotich.marriage",
                "hotich.correction",
                "hotich.extract",
            )
        )
        v["chungthuc.signature"] = self.n(140 * s, 0.25, SEASON[m], 1)
        v["chungthuc.contract"] = self.n(45 * s, 0.3, SEASON[m])
        v["chungthuc.copy"] = self.n(520 * s, 0.2, SEASON[m], 5)

    def _cutru(self, v, m, period):
        s = self.p.scale
        parts = {
            "cutru.permanent": self.n(85 * s, 0.3, SEASON[m]),
            "cutru.adjust": self.n(8 * s, 0.5),
            "cutru.split": self.n(5 * s, 0.5),
            "cutru.confirm": self.n(65 * s, 0.3, SEASON[m]),
            "cutru.permanent_removal": self.n(10 * s, 0.4),
            "cutru.temporary": self.n(38 * s, 0.3, SEASON[m]),
            "cutru.temporary_extend": self.n(3 * s, 0.6),
        }
        v.update(parts)
        v["cutru.received"] = sum(parts.values())
        v["cutru.stay_notices"] = self.n(150 * s, 0.3, SEASON[m])
        growth = 1 + 0.0006 * (period.year * 12 + m - 2024 * 12)
        v["dancu.persons"] = q(self.p.persons * growth)
        v["dancu.households"] = q(self.p.households * growth)

    def _ngansach(self, v, m, period):
        r = self.p.rng
        # Revenue and spending are lumpy: a share of the year with noise, more at year end.
        own = (
            q(float(self.estimates["own"]) / 12 * SEASON[m] * r.uniform(0.6, 1.5) / 1_000_000)
            * 1_000_000
        )
        transfer = (
            q(float(self.estimates["exp"]) / 12 * r.uniform(0.3, 0.8) / 1_000_000) * 1_000_000
        )
        investment = (
            q(float(self.estimates["exp"]) * 0.3 / 12 * r.uniform(0.3, 2.0) / 1_000_000) * 1_000_000
        )
        recurrent = (
            q(float(self.estimates["exp"]) * 0.7 / 12 * SEASON[m] * r.uniform(0.8, 1.2) / 1_000_000)
            * 1_000_000
        )
        self.ytd["own"] += own
        self.ytd["inv"] += investment
        self.ytd["rec"] += recurrent
        self.ytd["exp"] += investment + recurrent
        v.update(
            {
                "ngansach.revenue.own": own,
                "ngansach.revenue.transfer": transfer,
                "ngansach.revenue": own + transfer,
                "ngansach.expenditure.investment": investment,
                "ngansach.expenditure.recurrent": recurrent,
                "ngansach.expenditure": investment + recurrent,
                # Progress towards the year's estimate (dự toán), year to date.
                "ngansach.revenue.own_pct_estimate": rate(
                    self.ytd["own"], self.estimates["own"], 0
                ),
                "ngansach.expenditure.pct_estimate": rate(
                    self.ytd["exp"], self.estimates["exp"], 0
                ),
                "ngansach.expenditure.investment_pct_estimate": rate(
                    self.ytd["inv"], self.estimates["exp"] * Decimal("0.3"), 0
                ),
                "ngansach.expenditure.recurrent_pct_estimate": rate(
                    self.ytd["rec"], self.estimates["exp"] * Decimal("0.7"), 0
                ),
            }
        )

    def _donthu(self, v, m, period):
        s, st = self.p.scale, self.state
        sessions = self.n(15 * s, 0.35, 1.0, 1)
        v["tiepdan.sessions"] = sessions
        v["tiepdan.persons"] = sessions + self.n(12 * s, 0.5)
        v["tiepdan.cases"] = q(max(1, int(sessions) - self.p.rng.randint(0, 4)))
        v["tiepdan.delegations"] = q(self.p.rng.choice([0, 0, 0, 1]))
        received = self.n(10 * s, 0.4, 1.0, 1)
        complaint, denunciation, petition = self.split(received, [0.2, 0.1, 0.7])
        v.update(
            {
                "donthu.received": received,
                "donthu.complaint": complaint,
                "donthu.denunciation": denunciation,
                "donthu.petition": petition,
            }
        )
        open_total = received + st["donthu.pending"]
        resolved = q(int(open_total) * self.p.rng.uniform(0.45, 0.8))
        v["donthu.resolved"] = resolved
        v["donthu.pending"] = st["donthu.pending"] = open_total - resolved
        v["vanban.incoming"] = self.n(1800 * s, 0.15, SEASON[m], 50)
        v["vanban.outgoing"] = self.n(900 * s, 0.15, SEASON[m], 20)

    def _xahoi(self, v, m, period):
        st, r = self.state, self.p.rng
        for code in (
            "btxh.beneficiaries.merit",
            "btxh.beneficiaries.social",
            "btxh.beneficiaries.pension",
        ):
            st[code] = q(max(0, int(st[code]) + r.randint(-3, 5)))
            v[code] = st[code]
        v["btxh.beneficiaries"] = sum(
            v[c]
            for c in (
                "btxh.beneficiaries.merit",
                "btxh.beneficiaries.social",
                "btxh.beneficiaries.pension",
            )
        )
        # About 1,170,000 đồng a head a month; amounts paid are whole thousands.
        v["btxh.amount"] = (
            q(int(v["btxh.beneficiaries"]) * r.uniform(1_100_000, 1_250_000) / 1000) * 1000
        )
        v["btxh.adhoc.cases"] = q(r.randint(2, 14))
        v["btxh.adhoc.amount"] = (
            q(int(v["btxh.adhoc.cases"]) * r.uniform(8_000_000, 20_000_000) / 1000) * 1000
        )
        # Poor households change at the annual review (November–December), a little otherwise.
        households = v["dancu.households"]
        for code in ("giamngheo.poor", "giamngheo.near_poor"):
            before = st[code]
            if m in (11, 12):
                after = q(int(before) * r.uniform(0.55, 0.8))
            else:
                after = q(max(0, int(before) + r.choice([0, 0, 0, 1, -1])))
            v[code], v[f"{code}_change"], st[code] = after, after - before, after
            v[f"{code}_rate"] = rate(after, households)
        v["vanhoa.families_total"] = households
        v["vanhoa.families_cultural"] = q(int(households) * r.uniform(0.9, 0.97))
        v["vanhoa.families_rate"] = rate(v["vanhoa.families_cultural"], households, 1)
        v["vanhoa.groups_total"] = q(self.groups)
        v["vanhoa.groups_cultural"] = q(self.groups - r.choice([0, 0, 1]))

    def _kinhte(self, v, m, period):
        s, st, r = self.p.scale, self.state, self.p.rng
        new, changed = self.n(22 * s, 0.35, SEASON[m]), self.n(8 * s, 0.4)
        suspended, dissolved = self.n(2 * s, 0.8), self.n(6 * s, 0.5)
        v.update(
            {
                "dkkd.new": new,
                "dkkd.changed": changed,
                "dkkd.suspended": suspended,
                "dkkd.dissolved": dissolved,
                "dkkd.total": new + changed + suspended + dissolved,
            }
        )
        output = q(self.rice_year * Decimal(str(HARVEST.get(m, 0))), 1)
        v["nongnghiep.rice_output"] = output
        # Yield and winter-crop area are those of the last harvest / winter season,
        # which monthly reports keep quoting until the next one.
        if output > 0 or "rice_yield" not in self.state:
            self.state["rice_yield"] = q(r.uniform(60, 70), 1)
        if m == WINTER_CROP_MONTHS[0] or "winter_area" not in self.state:
            self.state["winter_area"] = q(float(self.rice_year) / 6 * 0.35 * r.uniform(0.9, 1.1))
        v["nongnghiep.rice_yield"] = self.state["rice_yield"]
        v["nongnghiep.winter_crop_area"] = self.state["winter_area"]
        correction, purpose = self.n(7 * s, 0.4), self.n(10 * s, 0.4)
        v["datdai.received.correction"], v["datdai.received.purpose_change"] = correction, purpose
        v["datdai.received"] = correction + purpose
        open_total = correction + purpose + st["datdai.pending"]
        v["datdai.resolved"] = q(int(open_total) * r.uniform(0.55, 0.85))
        v["datdai.pending"] = st["datdai.pending"] = open_total - v["datdai.resolved"]
        permits_new, adjusted = self.n(9 * s, 0.4, SEASON[m]), self.n(3 * s, 0.6)
        v["xaydung.permits_new"], v["xaydung.permits_adjusted"] = permits_new, adjusted
        v["xaydung.permits_received"] = permits_new + adjusted
        households = q(r.choice([0, 0, 2, 3, 5, 9]))
        v["gpmb.compensation_households"] = households
        v["gpmb.compensation_amount"] = (
            q(int(households) * r.uniform(150_000_000, 450_000_000) / 1000) * 1000
        )

    def _dang(self, v, m, period):
        st, r = self.state, self.p.rng
        transfers = q(r.randint(2, 18))
        st["dang.members"] += q(r.randint(-3, 6))
        v.update(
            {
                "dang.organizations": q(self.organizations),
                "dang.members": st["dang.members"],
                "dang.members.probationary": q(int(st["dang.members"]) * r.uniform(0.012, 0.025)),
                "dang.transfers": transfers,
            }
        )

    def _antt(self, v, m, period):
        st, r = self.state, self.p.rng
        st["antt.managed_subjects"] = q(max(0, int(st["antt.managed_subjects"]) + r.randint(-4, 4)))
        v["antt.managed_subjects"] = st["antt.managed_subjects"]
        v["antt.conditional_businesses"] = q(max(1, round(8 * self.p.scale)) + r.choice([0, 0, 1]))
        v["antt.propaganda_sessions"] = q(r.randint(1, 6))


@dataclass
class UnitDemo:
    series: dict[str, dict[str, Decimal]]  # {period key: {code: value}}, months in order
    targets: dict[str, Decimal]  # the year's budget estimates (dự toán), same every year here


def unit_series(profile: Profile, periods: list[Period]) -> UnitDemo:
    generator = Generator(profile)
    series = {p.key: generator.month(p) for p in periods}
    estimates = generator.estimates
    targets = {
        "ngansach.revenue.own": estimates["own"],
        "ngansach.expenditure": estimates["exp"],
        "ngansach.expenditure.investment": estimates["exp"] * Decimal("0.3"),
        "ngansach.expenditure.recurrent": estimates["exp"] * Decimal("0.7"),
    }
    return UnitDemo(series, targets)
