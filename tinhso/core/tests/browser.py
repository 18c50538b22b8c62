"""Fixtures of the browser tests: the site on a live server, and a page of headless Chromium.

Registered for every app's tests by the root conftest; a browser test module sets
``pytestmark = BROWSER_TEST``."""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from tinhso.accounts.tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Put on every browser test module.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is absent (apt-get install chromium)"),
]


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, _stray_sessions_ended):  # type: ignore[no-untyped-def]
    """The site served on a free local port for this test only. A live server needs real
    commits, so the tables are emptied after each such test; the serialized rollback puts back
    what the migrations wrote (the roles, the "default" option) for the next one."""
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _stray_sessions_ended(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A request thread of a stopped server can keep an idle PostgreSQL session open, which
    stops the suite from dropping the test database. Such sessions are ended once, after the
    last browser test and before the drop: ending them between tests would also end sessions
    the next test still holds."""
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def page(site):  # type: ignore[no-untyped-def]
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test's own
    # setup are synchronous and safe, so Django's async guard is lifted for the browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.console_errors = errors
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page: Any, site: Any, username: str) -> None:
    """Sign ``username`` in through the real sign-in page (factories' password)."""
    page.goto(f"{site.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_load_state("networkidle")
