"""What the benchmark scripts share: Django set up on the test settings, a throw-away test
database around the run, and the median time of a piece of work.

A script imports it before any project code (``python benchmarks/<script>.py`` puts this folder
on the path); the import sets Django up.
"""

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
from django.test.utils import setup_test_environment  # noqa: E402


def run_on_test_db(
    report: Callable[[str], None], *, debug: bool | None = None, keep: bool = False
) -> None:
    """``report(name)`` on a new test database, removed afterwards; with ``keep`` the database
    stays for the next run, which reuses it. ``debug`` as setup_test_environment takes it."""
    setup_test_environment(debug=debug)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=not keep, keepdb=keep)
    try:
        report(name)
    finally:
        if not keep:
            connection.creation.destroy_test_db(name, verbosity=0)


def median_time(work: Callable[[], Any], runs: int) -> float:
    """The median seconds of ``work`` over ``runs`` runs, after one to warm up."""
    work()
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ok(response: Any) -> None:
    """A page's answer must be 200, or the time measured is not the page's."""
    assert response.status_code == 200, response.status_code
