"""The steering dashboard at province scale, beside the raw SQL that fetches the same rows.

The data: the Lai Châu org tree (38 communes and wards, 13 agencies), 20 directives, 2,000
tasks due through the year (one in ten monthly), about five progress reports each (10,000),
25 holidays and a programme with an allocation per unit. The figure is the server time of
GET /steering/dashboard/ for the province leader through Django's full stack (middleware,
session, policy, the fixed queries, every status derived in Python, the template), and its
query count; then the XLSX download and the DOCX progress report. The limit beside it is the
same run's raw SQL fetching the rows the dashboard reads (tasks with their directive and lead
unit, their reports, the holidays, the money sums) through a plain cursor, with no Python work.

    python benchmarks/steering_dashboard.py                      # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso python benchmarks/steering_dashboard.py
"""

import datetime as dt
import os
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection
from harness import median_time, ok, run_on_test_db

RUNS = int(os.environ.get("RUNS", "20"))
TASKS = int(os.environ.get("TASKS", "2000"))
REPORTS_PER_TASK = 5


def main() -> None:
    run_on_test_db(report, debug=False)


def report(name: str) -> None:
    from django.test import Client

    from tinhso.accounts import demo as accounts_demo
    from tinhso.accounts.models import User
    from tinhso.core.dates import local_date
    from tinhso.orgunits import demo as orgunits_demo
    from tinhso.steering.models import ProgressReport, Task

    orgunits_demo.load()
    accounts_demo.load()
    today = local_date()
    load_tasks(today, User.objects.get(username="admin"))
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    url = f"/steering/dashboard/?year={today.year}"
    page = median_time(lambda: ok(client.get(url)), RUNS)
    limit = median_time(lambda: raw_rows(today.year), RUNS)
    queries: list[str] = []
    with connection.execute_wrapper(_counted(queries)):
        response = client.get(url)
    board = response.context["board"]
    xlsx = median_time(lambda: ok(client.get(url + "&format=xlsx")), 5)
    docx = median_time(lambda: ok(client.post("/steering/report/", _report_form(today))), 5)
    print(f"database: {connection.vendor} ({name}); {Task.objects.count():,} tasks, "
          f"{ProgressReport.objects.count():,} progress reports; {board.totals.total:,} due in "
          f"{today.year}; median of {RUNS} requests")  # fmt: skip
    print(f"dashboard GET {url}: {page * 1000:.1f} ms, {len(queries)} queries")
    print(f"limit, raw SQL of the same rows: {limit * 1000:.1f} ms; ratio {page / limit:.1f}×")
    print(f"XLSX download: {xlsx * 1000:.1f} ms; DOCX progress report: {docx * 1000:.1f} ms "
          f"(median of 5)")  # fmt: skip


def load_tasks(today: dt.date, user: Any) -> None:
    """TASKS tasks over the year's lead units, about five reports each, in bulk."""
    from tinhso.orgunits.models import OrgUnit
    from tinhso.steering.choices import Recurrence, Review, TaskLevel
    from tinhso.steering.models import (
        Allocation,
        Directive,
        Holiday,
        Programme,
        ProgressReport,
        Task,
    )

    rng = random.Random(57)
    year = today.year
    units = list(OrgUnit.objects.filter(depth__gte=1))
    holidays = {dt.date(year, 1, 1), dt.date(year, 4, 30), dt.date(year, 5, 1),
                dt.date(year, 9, 1), dt.date(year, 9, 2)}  # fmt: skip
    holidays |= {dt.date(year, 2, d) for d in range(14, 21)}
    holidays |= {dt.date(year - 1, 12, 31) - dt.timedelta(days=i) for i in range(13)}
    Holiday.objects.bulk_create([Holiday(date=d, name="Nghỉ lễ") for d in sorted(holidays)])
    directives = Directive.objects.bulk_create(
        Directive(number=f"{i:02d}-KH/UBND", date=dt.date(year, 1, 1) + dt.timedelta(days=9 * i),
                  issuing_body="UBND tỉnh", type="plan")
        for i in range(1, 21)
    )  # fmt: skip
    programme = Programme.objects.create(name="Chuyển đổi số", first_year=year, last_year=year)
    Allocation.objects.bulk_create(
        Allocation(programme=programme, year=year, org_unit=unit, amount=Decimal(1_000_000_000))
        for unit in units
    )
    tasks = []
    for i in range(TASKS):
        due = dt.date(year, 1, 15) + dt.timedelta(days=rng.randrange(350))
        recurring = i % 10 == 0
        tasks.append(Task(
            directive=directives[i % len(directives)], level=TaskLevel.UNIT,
            title=f"Nhiệm vụ số {i + 1}", lead_unit=rng.choice(units),
            deadline=None if recurring else due,
            recurrence=Recurrence.MONTHLY if recurring else Recurrence.NONE,
            first_due=dt.date(year, 1, 31) if recurring else None, programme=programme,
            cancelled_on=dt.date(year, 3, 1) if i % 97 == 0 else None,
        ))  # fmt: skip
    tasks = Task.objects.bulk_create(tasks)
    reports = []
    for task in tasks:
        start = dt.datetime(year, 1, 5, 9, tzinfo=dt.UTC)
        now = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
        moments = sorted(start + (now - start) * rng.random() for _ in range(REPORTS_PER_TASK))
        done = rng.random() < 0.45
        for n, moment in enumerate(moments, 1):
            last = n == REPORTS_PER_TASK and done
            reports.append(ProgressReport(
                task=task, percent=100 if last else min(20 * n, 90), marks_done=last,
                review=Review.ACCEPTED if last else "", reported_by=user, reported_at=moment,
            ))  # fmt: skip
    ProgressReport.objects.bulk_create(reports, batch_size=2000)


def raw_rows(year: int) -> None:
    """The rows the dashboard reads, fetched through a cursor: the limit of any page on them."""
    end = f"{year}-12-31"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id, t.title, t.deadline, t.recurrence, t.first_due, t.last_due,"
            " t.cancelled_on, d.number, d.date, u.code, u.name, u.kind, u.path"
            " FROM steering_task t JOIN steering_directive d ON d.id = t.directive_id"
            " JOIN orgunits_orgunit u ON u.id = t.lead_unit_id"
            " WHERE t.deadline <= %s OR t.first_due <= %s ORDER BY t.id",
            [end, end],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT task_id, percent, marks_done, review, reported_at"
            " FROM steering_progressreport WHERE task_id IN (SELECT id FROM steering_task"
            " WHERE deadline <= %s OR first_due <= %s) ORDER BY reported_at, id",
            [end, end],
        )
        cursor.fetchall()
        cursor.execute("SELECT date FROM steering_holiday")
        cursor.fetchall()
        cursor.execute(
            "SELECT programme_id, SUM(amount) FROM steering_allocation WHERE year = %s"
            " GROUP BY programme_id",
            [year],
        )
        cursor.fetchall()


def _report_form(today: dt.date) -> dict[str, str]:
    return {
        "year": str(today.year), "subject": "Nghị quyết số 57-NQ/TW", "parent_body": "UBND TỈNH",
        "issuer": "TRUNG TÂM", "day": today.isoformat(), "signer_title": "GIÁM ĐỐC",
        "recipients": "UBND tỉnh", "proposals": "Đề xuất.",
    }  # fmt: skip


def _counted(queries: list[str]) -> Callable[..., Any]:
    """A wrapper that notes each query (the test settings keep no query log)."""

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    return wrapper


if __name__ == "__main__":
    main()
