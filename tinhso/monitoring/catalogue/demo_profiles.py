"""How the demo's figures evolve: one plausible, trending series per reporting unit and data set.
FOR DEMONSTRATION ONLY — nothing here is a real figure of any province.

Every series draws from its own random stream, seeded by a fixed text and the unit's code, so a
unit's history is the same on every run and on every machine. Stocks (population, signatures,
dead zones) move monotonically; flows (dossiers, coaching) carry seasonality and noise. The
shapes follow the Res-57 story: slow before 2025, a clear rise once the 2025 plans start.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal

from tinhso.monitoring.periods import Period
from tinhso.orgunits.choices import OrgUnitKind
from tinhso.orgunits.models import OrgUnit

SEED = "tinhso-demo-lai-chau"
FIRST_YEAR = 2022
REAL_BUDGET_SINCE = 2025  # the year of the province's real S&T/DT budget figure

# (element code, option code); "" is the default option of an element without a category.
Key = tuple[str, str]
Values = dict[Key, Decimal]

# Dossiers by calendar month: fewer around Tết (January/February), more at the year's end.
SEASON = (0.95, 0.7, 1.0, 1.0, 1.05, 1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.2)
# Agencies that also report startups and technology products applied.
STARTUP_REPORTERS = frozenset({"12.SKHCN", "12.TTDMST"})
TECH_REPORTERS = frozenset({"12.SKHCN", "12.TTDMST", "12.SNNMT", "12.SYT"})


def stream(*parts: object) -> random.Random:
    """A random stream of its own for ``parts``; str seeds are hashed stably (SHA-512)."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def commune_series(unit: OrgUnit, months: Sequence[Period]) -> Iterator[tuple[Period, Values]]:
    """A commune or ward's monthly report: adults, digital signatures, dossiers (online among
    them), people coached in digital skills, villages still without mobile coverage."""
    rng = stream("commune", unit.code)
    ward = unit.kind == OrgUnitKind.WARD
    adults = rng.randint(14_000, 19_000) if ward else rng.randint(3_500, 9_500)
    female = rng.uniform(0.485, 0.51)
    reach = rng.uniform(1.0, 1.2) if ward else rng.uniform(0.6, 1.05)
    dead_zones = 0 if ward else rng.choice((0, 1, 1, 2, 2, 3, 4, 5, 6, 8))
    signed = {"FEMALE": 0, "MALE": 0}
    for period in months:
        year = _year(period)
        grown = adults * (1 + 0.011 * (year - FIRST_YEAR))
        people = {"FEMALE": round(grown * female), "MALE": round(grown * (1 - female))}
        rate = min(0.95, reach * _logistic(year, 2025.4, 0.02, 0.75, 1.5))
        for sex, share in (("FEMALE", 0.94), ("MALE", 1.0)):
            wanted = round(people[sex] * rate * share * rng.uniform(0.97, 1.03))
            signed[sex] = min(people[sex], max(signed[sex], wanted))
        received = round(grown * 0.028 * SEASON[period.index - 1] * rng.uniform(0.85, 1.15))
        online_rate = min(0.97, reach * _logistic(year, 2024.9, 0.12, 0.85, 1.3))
        online = min(received, round(received * online_rate * rng.uniform(0.95, 1.05)))
        campaign = 3.0 if year >= 2025.2 else 1.0  # "Bình dân học vụ số" from March 2025
        coached = round(grown * 0.004 * campaign * rng.uniform(0.6, 1.4))
        coached_women = round(coached * rng.uniform(0.48, 0.58))
        if dead_zones and rng.random() < (0.05 if year < 2024 else 0.1):
            dead_zones -= 1
        yield period, _decimals({
            ("ADULT_POPULATION", "FEMALE"): people["FEMALE"],
            ("ADULT_POPULATION", "MALE"): people["MALE"],
            ("ADULTS_DIGITAL_SIGNATURE", "FEMALE"): signed["FEMALE"],
            ("ADULTS_DIGITAL_SIGNATURE", "MALE"): signed["MALE"],
            ("DOSSIERS_RECEIVED", ""): received,
            ("DOSSIERS_ONLINE", ""): online,
            ("DIGITAL_SKILLS_COACHED", "FEMALE"): coached_women,
            ("DIGITAL_SKILLS_COACHED", "MALE"): coached - coached_women,
            ("DEAD_ZONE_VILLAGES", ""): dead_zones,
        })  # fmt: skip


def agency_series(unit: OrgUnit, quarters: Sequence[Period]) -> Iterator[tuple[Period, Values]]:
    """An agency's quarterly report: tasks assigned and monitored electronically, tasks due and
    done on time; startups and technology products for the agencies that support them."""
    rng = stream("agency", unit.code)
    base = rng.randint(6, 18)
    diligence = rng.uniform(0.8, 1.1)
    for period in quarters:
        year = _year(period)
        plans = 1.5 if year >= 2025 else 1.0  # the Res-57 action plans add tasks from 2025
        assigned = round(base * (1 + 0.08 * (year - FIRST_YEAR)) * plans)
        monitored_rate = min(1.0, diligence * _logistic(year, 2024.8, 0.15, 0.98, 1.6))
        due = max(1, round(assigned * rng.uniform(0.2, 0.4)))
        on_time_rate = min(1.0, diligence * rng.uniform(0.7, 0.9) + 0.02 * (year - FIRST_YEAR))
        values: dict[Key, int] = {
            ("TASKS_ASSIGNED", ""): assigned,
            ("TASKS_MONITORED_ONLINE", ""): min(assigned, round(assigned * monitored_rate)),
            ("TASKS_DUE", ""): due,
            ("TASKS_DONE_ON_TIME", ""): round(due * on_time_rate),
        }
        if unit.code in STARTUP_REPORTERS:
            values["STARTUPS_SUPPORTED", ""] = rng.randint(0, 2 + int(year - FIRST_YEAR))
        if unit.code in TECH_REPORTERS:
            values["TECH_PRODUCTS_APPLIED", ""] = rng.randint(0, 1 + int(year - FIRST_YEAR))
        yield period, _decimals(values)


def province_series(unit: OrgUnit, years: Sequence[Period]) -> Iterator[tuple[Period, Values]]:
    """The province's yearly figures for the national targets: GRDP and the digital economy,
    R&D spending by source and staff, enterprises, payments, procedures online, the budget.
    Never the elements that carry the province's real facts."""
    rng = stream("province", unit.code)

    def noisy(value: float) -> float:
        return value * rng.uniform(0.98, 1.02)

    for period in years:
        step = period.year - FIRST_YEAR
        grdp = noisy(24_800 * 1.09**step)
        research = noisy(grdp * (0.0022 + 0.0004 * step))
        non_state = research * (0.14 + 0.035 * step)
        active = round(noisy(1_420 + 70 * step))
        payments = round(noisy(9_800_000 * 1.12**step))
        eligible = 1_040 + 15 * step
        values = {
            ("GRDP", ""): _money(grdp),
            ("DIGITAL_ECONOMY_VALUE", ""): _money(grdp * (0.055 + 0.011 * step)),
            ("RD_SPENDING", "STATE"): _money(research - non_state),
            ("RD_SPENDING", "NON_STATE"): _money(non_state),
            ("RD_STAFF", ""): _money(noisy(118 + 14 * step)),
            ("POPULATION", ""): Decimal(round(noisy(487_000 + 6_500 * step))),
            ("ENTERPRISES_ACTIVE", ""): Decimal(active),
            ("ENTERPRISES_INNOVATING", ""): Decimal(round(active * (0.11 + 0.025 * step))),
            ("PAYMENTS_TOTAL", ""): Decimal(payments),
            ("PAYMENTS_CASHLESS", ""): Decimal(round(payments * (0.34 + 0.07 * step))),
            ("PROCEDURES_ELIGIBLE", ""): Decimal(eligible),
            ("PROCEDURES_FULL_ONLINE", ""): Decimal(round(eligible * (0.33 + 0.11 * step))),
        }
        budget = _money(noisy(10_900 + 450 * step))
        # The budget divides the real S&T/DT budget, a fact from 2025 only: before it,
        # analytics would count the missing numerator as zero and show a false 0% share.
        if period.year >= REAL_BUDGET_SINCE:
            values["BUDGET_EXPENDITURE", ""] = budget
        yield period, values


def _year(period: Period) -> float:
    """The middle of the period as a fractional year, e.g. 2025.04 for January 2025."""
    middle = period.start.month - 1 + period.type.months / 2
    return period.year + middle / 12


def _logistic(year: float, middle: float, low: float, high: float, slope: float) -> float:
    """An S-curve from ``low`` to ``high``, halfway at ``middle``."""
    return low + (high - low) / (1 + math.exp(-slope * (year - middle)))


def _decimals(values: dict[Key, int]) -> Values:
    return {key: Decimal(value) for key, value in values.items()}


def _money(value: float) -> Decimal:
    """Billions of đồng (and FTE staff) to one decimal."""
    return Decimal(f"{value:.1f}")
