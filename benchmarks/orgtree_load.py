"""Loading every province's official units through the service, beside a raw bulk insert.

The service checks, paths, upserts and audits each unit; the limit is ``bulk_create`` of the same
rows into the same table with nothing else. Also times the reporter-scoped subtree query.
"""

import os
import statistics
import time

from django.db import connection
from harness import run_on_test_db

RUNS = int(os.environ.get("RUNS", "3"))


def main() -> None:
    run_on_test_db(lambda name: report(connection.vendor, name))


def report(vendor: str, name: str) -> None:
    from tinhso.orgunits.official import all_province_codes, official_units

    units = [unit for code in all_province_codes() for unit in official_units(code)]
    service = [timed(load_all_through_service) for _run in range(RUNS)]
    raw = [timed(lambda: bulk_insert(units)) for _run in range(RUNS)]
    raw_audited = [timed(lambda: bulk_insert(units, audited=True)) for _run in range(RUNS)]
    query = [timed(scoped_query, reset=False) for _run in range(RUNS * 10)]
    s, r, ra = statistics.median(service), statistics.median(raw), statistics.median(raw_audited)
    print(f"database: {vendor} ({name}); {len(units)} official units, median of {RUNS} runs")
    print(f"load_province x34 (service, audited): {s:.2f} s = {len(units) / s:,.0f} units/s")
    print(f"limit, raw bulk_create of the same rows: {r:.2f} s = {len(units) / r:,.0f} units/s")
    print(f"limit with audit, raw bulk_create of the rows and their audit rows: {ra:.2f} s")
    print(f"service / limit: {r / s:.0%} of the raw rate, {ra / s:.0%} of the raw audited rate")
    print(f"reporter-scoped subtree query (one province): {statistics.median(query) * 1000:.2f} ms")


def timed(work, reset: bool = True) -> float:  # type: ignore[no-untyped-def]
    if reset:
        clear()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def clear() -> None:
    from tinhso.audit.models import AuditEntry
    from tinhso.orgunits.models import OrgUnit

    AuditEntry.objects.all().delete()
    OrgUnit.objects.filter(depth__gt=0).delete()
    OrgUnit.objects.all().delete()


def load_all_through_service() -> None:
    from tinhso.core.policies import SYSTEM
    from tinhso.orgunits.official import all_province_codes
    from tinhso.orgunits.services import load_province

    for code in all_province_codes():
        load_province(actor=SYSTEM, province_code=code)


def bulk_insert(units, audited: bool = False) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType

    from tinhso.audit.models import AuditEntry
    from tinhso.orgunits.models import OrgUnit

    provinces = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=u.code, name=u.name, kind=u.kind, path=f"{u.code}/", depth=0)
            for u in units
            if not u.parent_code
        ]
    )
    by_code = {p.code: p for p in provinces}
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=u.code,
                name=u.name,
                kind=u.kind,
                parent=by_code[u.parent_code],
                path=f"{u.parent_code}/{u.code}/",
                depth=1,
            )
            for u in units
            if u.parent_code
        ],
        batch_size=1000,
    )
    if audited:
        kind = ContentType.objects.get_for_model(OrgUnit)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    action="create",
                    content_type=kind,
                    object_id=str(unit.pk),
                    object_repr=unit.name,
                    org_unit=unit,
                    changes={"name": [None, unit.name]},
                )
                for unit in OrgUnit.objects.all()
            ],
            batch_size=500,
        )


def scoped_query() -> None:
    from tinhso.orgunits.models import OrgUnit

    if not OrgUnit.objects.exists():
        load_all_through_service()
    list(OrgUnit.objects.filter(path__startswith="12/").values_list("code", flat=True))


if __name__ == "__main__":
    main()
