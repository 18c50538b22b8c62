"""A yearly aggregate of one indicator over a national-scale data set, beside hand-written SQL.

The data: the official tree of all 34 provinces (3,321 communes), 100 data elements reported
monthly by every commune for 2026: 3,985,200 values. The indicator is #{DE000} / #{DE001} × 100.
Two questions go through the analytics API's own code path (parse the request, resolve codes,
scope, aggregate, build the DHIS2 response):

- province: ``dx:IND&pe:2026&ou:<the province with the most communes>``
- nation:   ``dx:IND&pe:2026&ou:LEVEL-1`` (one row per province)

The limit for each is a hand-written GROUP BY returning the same sums from the same rows, run on
the same connection. Median of RUNS runs after one warm-up.

    python benchmarks/analytics.py                      # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso python benchmarks/analytics.py
"""

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection
from harness import median_time, run_on_test_db

RUNS = int(os.environ.get("RUNS", "20"))
ELEMENTS = 100
YEAR = 2026


KEEP = os.environ.get("KEEPDB") == "1"  # keep the loaded database for the next run


def main() -> None:
    run_on_test_db(report, keep=KEEP)


def report(name: str) -> None:
    from tinhso.core.policies import SYSTEM
    from tinhso.monitoring.dhis2.analytics import answer, parse_query
    from tinhso.monitoring.models import DataValue

    started = time.perf_counter()
    if not DataValue.objects.exists():  # KEEPDB=1 reuses the rows of an earlier run
        build()
    province, element_ids = question_parts()
    count = DataValue.objects.count()
    print(f"database: {connection.vendor} ({name}); {count:,} values loaded in "
          f"{time.perf_counter() - started:.0f} s; median of {RUNS} runs")  # fmt: skip
    today = dt.date(YEAR, 12, 31)
    questions: list[tuple[str, list[str], Callable[[], Any]]] = [
        (f"province {province.code} ({province.name})", [f"ou:{province.code}"],
         lambda: hand_province(province.path, element_ids)),
        ("nation, LEVEL-1 (34 rows)", ["ou:LEVEL-1"], lambda: hand_nation(element_ids)),
    ]  # fmt: skip
    for label, ou, limit in questions:
        query = parse_query(["dx:IND", f"pe:{YEAR}", *ou], [])
        ours = median_time(lambda q=query: answer(q, user=SYSTEM, today=today), RUNS)  # type: ignore[misc]
        hand = median_time(limit, RUNS)
        check(answer(query, user=SYSTEM, today=today), limit())
        print(f"{label}: analytics {ours * 1000:.1f} ms, hand-written GROUP BY "
              f"{hand * 1000:.1f} ms, ratio {ours / hand:.2f}×")  # fmt: skip


def build() -> None:
    from tinhso.core.policies import SYSTEM
    from tinhso.monitoring.choices import ValueType
    from tinhso.monitoring.models import CategoryOption, DataElement, Indicator
    from tinhso.orgunits.models import OrgUnit
    from tinhso.orgunits.official import all_province_codes
    from tinhso.orgunits.services import load_province

    for code in all_province_codes():
        load_province(actor=SYSTEM, province_code=code)
    elements = DataElement.objects.bulk_create(
        DataElement(code=f"DE{i:03d}", name=f"Element {i}", value_type=ValueType.NUMBER)
        for i in range(ELEMENTS)
    )
    Indicator.objects.create(
        code="IND", name="Bench", numerator="#{DE000}", denominator="#{DE001}", factor=100
    )
    communes = list(OrgUnit.objects.filter(depth=1).values_list("id", flat=True))
    option = CategoryOption.objects.get(code="default").pk
    # rows() is a generator read during COPY: it must not query the database itself.
    insert(rows(communes, [e.pk for e in elements], option))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE monitoring_datavalue")


def question_parts() -> tuple[Any, list[int]]:
    """The province with the most communes, and the indicator's two elements."""
    from django.db.models import Count

    from tinhso.monitoring.models import DataElement
    from tinhso.orgunits.models import OrgUnit

    biggest = OrgUnit.objects.filter(depth=0).annotate(n=Count("children")).order_by("-n").first()
    ids = list(DataElement.objects.order_by("code").values_list("id", flat=True)[:2])
    return biggest, ids


def rows(communes: list[int], elements: list[int], option: int) -> Iterator[tuple[Any, ...]]:
    from decimal import Decimal

    from django.utils import timezone

    now = timezone.now()
    for month in range(1, 13):
        start = dt.date(YEAR, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        period = f"{YEAR}{month:02d}"
        for unit in communes:
            for element in elements:
                value = Decimal((unit * 7 + element * 13 + month) % 997 + 1)
                yield (element, unit, period, "monthly", start, end, option, value, "", 1,
                       None, "", now, now)  # fmt: skip


def insert(data: Iterator[tuple[Any, ...]]) -> None:
    from decimal import Decimal

    from tinhso.monitoring.bulk import COLUMNS

    columns = ", ".join((*COLUMNS, "evidence", "created_at", "updated_at"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY monitoring_datavalue ({columns}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * 14)
        plain = ([str(x) if isinstance(x, (Decimal, dt.date)) else x for x in r] for r in data)
        cursor.executemany(f"INSERT INTO monitoring_datavalue ({columns}) VALUES ({marks})", plain)


def hand_province(path: str, elements: list[int]) -> dict[tuple[str, int], Any]:
    sql = """
        SELECT %s, dv.data_element_id, SUM(dv.value)
        FROM monitoring_datavalue dv JOIN orgunits_orgunit ou ON ou.id = dv.org_unit_id
        WHERE dv.data_element_id IN (%s, %s) AND ou.path LIKE %s
          AND dv.period_start >= %s AND dv.period_end <= %s
        GROUP BY dv.data_element_id"""
    code = path.rstrip("/").rsplit("/", 1)[-1]
    return fetch(sql, [code, *elements, path + "%", *year_range()])


def hand_nation(elements: list[int]) -> dict[tuple[str, int], Any]:
    sql = """
        SELECT province.code, dv.data_element_id, SUM(dv.value)
        FROM monitoring_datavalue dv
        JOIN orgunits_orgunit ou ON ou.id = dv.org_unit_id
        JOIN orgunits_orgunit province ON province.id = ou.parent_id
        WHERE dv.data_element_id IN (%s, %s)
          AND dv.period_start >= %s AND dv.period_end <= %s
        GROUP BY province.code, dv.data_element_id"""
    return fetch(sql, [*elements, *year_range()])


def year_range() -> tuple[dt.date, dt.date]:
    return dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def fetch(sql: str, params: list[Any]) -> dict[tuple[str, int], Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(code, element): total for code, element, total in cursor.fetchall()}


def check(body: dict[str, Any], sums: dict[tuple[str, int], Any]) -> None:
    """Both sides must agree, or the comparison means nothing."""
    from decimal import Decimal

    numerator, denominator = sorted({element for _code, element in sums})
    for code, value in ((row[-2], row[-1]) for row in body["rows"]):
        expected = Decimal(str(sums[code, numerator])) / Decimal(str(sums[code, denominator]))
        assert abs(Decimal(value) - expected * 100) < Decimal("0.1"), (code, value, expected)
    assert len(body["rows"]) == len(sums) // 2


if __name__ == "__main__":
    main()
