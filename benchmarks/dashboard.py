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

from django.db import connection
from django.test.utils import CaptureQueriesContext
from harness import median_time, ok, run_on_test_db

RUNS = int(os.environ.get("RUNS", "30"))
TODAY = dt.date(2026, 11, 24)


def main() -> None:
    run_on_test_db(report, debug=False)


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
    dashboard = median_time(lambda: ok(client.get("/monitoring/")), RUNS)
    limit = median_time(lambda: ok(client.get("/orgunits/")), RUNS)
    with CaptureQueriesContext(connection) as queries:
        client.get("/monitoring/")
    print(f"database: {connection.vendor} ({name}); {DataValue.objects.count():,} values; "
          f"median of {RUNS} requests")  # fmt: skip
    print(f"dashboard GET /monitoring/: {dashboard * 1000:.1f} ms, {len(queries)} queries")
    print(f"limit, the org-unit list page: {limit * 1000:.1f} ms; ratio {dashboard / limit:.1f}×")


if __name__ == "__main__":
    main()
