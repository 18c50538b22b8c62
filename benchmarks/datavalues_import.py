"""Importing a 200,000-value dataValueSets JSON file, beside a raw bulk insert of the same rows.

The import parses the file, looks up every code, checks type, scope, period and locks, compares
with stored values and upserts, all-or-nothing; the limit is ``bulk_create`` of the same
DataValue rows into the same (emptied) table. Also times a second, unchanged import.
"""

import json
import os
import statistics
import time

from django.db import connection
from harness import run_on_test_db

RUNS = int(os.environ.get("RUNS", "3"))
ELEMENTS = 100
UNITS = 2000  # 100 elements × 2,000 communes × 1 month = 200,000 values


def main() -> None:
    run_on_test_db(lambda name: report(connection.vendor, name))


def report(vendor: str, name: str) -> None:
    document = build()
    data = json.dumps(document).encode()
    count = len(document["dataValues"])
    first = [timed(lambda: run_import(data), reset=True) for _run in range(RUNS)]
    again = [timed(lambda: run_import(data), reset=False) for _run in range(RUNS)]
    raw = [timed(lambda: raw_insert(document), reset=True) for _run in range(RUNS)]
    f, a, r = statistics.median(first), statistics.median(again), statistics.median(raw)
    print(
        f"database: {vendor} ({name}); {count:,} values, {len(data) / 1e6:.1f} MB; median of {RUNS}"
    )
    print(f"import into an empty table: {f:.2f} s = {count / f:,.0f} values/s")
    print(f"limit, the same rows inserted raw: {r:.2f} s = {count / r:,.0f} values/s")
    print(f"import / limit: {r / f:.0%} of the raw rate")
    print(f"the same file again (all ignored): {a:.2f} s = {count / a:,.0f} values/s")


def build() -> dict[str, list[dict[str, str]]]:
    from tinhso.core.policies import SYSTEM
    from tinhso.monitoring.choices import PeriodTypeChoice, ValueType
    from tinhso.monitoring.models import DataElement, DataSet
    from tinhso.orgunits.models import OrgUnit
    from tinhso.orgunits.official import all_province_codes
    from tinhso.orgunits.services import load_province

    for code in all_province_codes():
        load_province(actor=SYSTEM, province_code=code)
    units = list(OrgUnit.objects.filter(depth=1).order_by("code")[:UNITS])
    elements = DataElement.objects.bulk_create(
        DataElement(code=f"DE{i:03d}", name=f"Element {i}", value_type=ValueType.NUMBER)
        for i in range(ELEMENTS)
    )
    data_set = DataSet.objects.create(
        code="BENCH", name="Bench", period_type=PeriodTypeChoice.MONTHLY
    )
    data_set.elements.set(elements)
    data_set.org_units.set(units)
    values = [
        {"dataElement": e.code, "period": "202601", "orgUnit": u.code, "value": str(i % 997)}
        for i, (e, u) in enumerate((e, u) for e in elements for u in units)
    ]
    return {"dataValues": values}


def run_import(data: bytes) -> None:
    from tinhso.core.policies import SYSTEM
    from tinhso.monitoring.dhis2.datavaluesets import parse_json
    from tinhso.monitoring.services import import_data_values

    values, errors = parse_json(data)
    summary = import_data_values(actor=SYSTEM, values=values, source="bench")
    assert not errors and summary.ok, summary.conflicts[:3]


def raw_insert(document: dict[str, list[dict[str, str]]]) -> None:
    """The limit: the same rows straight into the table, COPY on PostgreSQL, executemany on
    SQLite, with no lookups, checks or conflict handling."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from tinhso.monitoring.bulk import COLUMNS
    from tinhso.monitoring.models import CategoryOption, DataElement, DataValue
    from tinhso.orgunits.models import OrgUnit

    elements = dict(DataElement.objects.values_list("code", "id"))
    units = dict(OrgUnit.objects.values_list("code", "id"))
    option = CategoryOption.objects.get(code="default").pk
    now, start, end = timezone.now(), dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    rows = [
        (
            elements[v["dataElement"]], units[v["orgUnit"]], "202601", "monthly", start, end,
            option, Decimal(v["value"]), "", 1, None, "", now, now,
        )
        for v in document["dataValues"]
    ]  # fmt: skip
    columns = ", ".join((*COLUMNS, "evidence", "created_at", "updated_at"))
    table = DataValue._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            plain = [[str(x) if isinstance(x, (Decimal, dt.date)) else x for x in r] for r in rows]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", plain)


def timed(work, reset: bool) -> float:  # type: ignore[no-untyped-def]
    from tinhso.monitoring.models import DataImport, DataValue

    if reset:
        DataValue.objects.all().delete()
        DataImport.objects.all().delete()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
