"""The IOC dashboard (the leader's home page) at Lai Châu scale, beside a page that only renders.

The data: the Lai Châu demo (38 communes and wards, 13 agencies, the Res-57 catalogue, monthly,
quarterly and yearly history from January 2022, about 21,000 values and 2,400 reports). The
figure is the server time of GET /monitoring/ for the province leader through Django's full
stack (middleware, session, policy, every panel's queries, the template), and its query count.
The limit beside it is the same stack answering the org-unit list page, which renders a
table from one small query.

    python benchmarks/dashboard.py                      # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso python benchmarks/dashboard.py
"""

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = int(os.environ.get("RUNS", "30"))
TODAY = dt.date(2026, 11, 24)


def main() -> None:
    setup_test_environment(debug=False)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report(name)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def report(name: str) -> None:
    from django.test import Client

    from tinhso.accounts import demo as accounts_demo
    from tinhso.accounts.models import User
    from tinhso.monitoring import demo
    from tinhso.monitoring.models import DataValue
    from tinhso.orgunits import demo as orgunits_demo

    orgunits_demo.load()
    accounts_demo.load()
    list(demo.load(TODAY))
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    dashboard = timed(lambda: _ok(client.get("/monitoring/")))
    limit = timed(lambda: _ok(client.get("/orgunits/")))
    with CaptureQueriesContext(connection) as queries:
        client.get("/monitoring/")
    print(f"database: {connection.vendor} ({name}); {DataValue.objects.count():,} values; "
          f"median of {RUNS} requests")  # fmt: skip
    print(f"dashboard GET /monitoring/: {dashboard * 1000:.1f} ms, {len(queries)} queries")
    print(f"limit, the org-unit list page: {limit * 1000:.1f} ms; ratio {dashboard / limit:.1f}×")


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.status_code


def timed(work: Callable[[], Any]) -> float:
    work()
    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
