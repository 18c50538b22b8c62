"""The main menu: each role sees exactly its entries, the reporting and the administration ones
gathered under two dropdowns, each marked active on its pages."""

import re
from typing import Any

import pytest
from django.test import Client

from tinhso.core.roles import Role

REPORTING = ["Reports", "Approvals", "Import / export", "Periodic report"]
READ_ONLY_REPORTING = ["Reports", "Periodic report"]
REPORTER_REPORTING = ["Reports", "Import / export", "Periodic report"]
WORK = ["Home", "Dashboard", "Reporting", "Tasks", "Traceability"]
ADMINISTRATION = ["Indicators", "Org units", "Users", "Audit trail"]
OVERSIGHT = ["Org units", "Users", "Audit trail"]


def _page(client: Client, user: Any, path: str = "/notifications/") -> str:
    client.force_login(user)
    client.cookies["tinhso_language"] = "en"
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _main_menu(html: str) -> str:
    start = html.index('<ul class="navbar-nav me-auto flex-wrap">')
    return html[start : html.index('<ul class="navbar-nav align-items-xl-center">', start)]


def _top_entries(html: str) -> list[str]:
    """The labels on the bar itself: plain entries and dropdown toggles, in order."""
    return re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', _main_menu(html))


def _group_entries(html: str) -> list[str]:
    return re.findall(r'class="dropdown-item[^"]*"[^>]*>([^<]+)</a>', _main_menu(html))


@pytest.mark.parametrize(
    ("role", "top", "in_dropdowns"),
    [
        (Role.ADMINISTRATOR, [*WORK, "Administration"], [*REPORTING, *ADMINISTRATION]),
        (Role.CENTER_STAFF, [*WORK, "Administration"], [*REPORTING, *ADMINISTRATION]),
        (Role.LEADER, [*WORK, "Administration"], [*READ_ONLY_REPORTING, *OVERSIGHT]),
        (Role.UNIT_REPORTER, [*WORK, "Administration"], [*REPORTER_REPORTING, *OVERSIGHT]),
        (Role.ENTERPRISE, ["Home", "Traceability"], []),
    ],
)
def test_each_role_sees_exactly_its_entries(client, users, role, top, in_dropdowns):
    # when
    html = _page(client, users[role])
    # then
    assert _top_entries(html) == top
    assert _group_entries(html) == in_dropdowns


def test_the_reporting_and_administration_entries_sit_in_two_dropdowns(client, users):
    # when
    menu = _main_menu(_page(client, users[Role.ADMINISTRATOR]))
    # then
    assert menu.count('data-bs-toggle="dropdown"') == 2
    assert '<li><a class="dropdown-item" href="/monitoring/reports/">Reports</a></li>' in menu
    assert (
        '<a class="nav-link dropdown-toggle text-nowrap" href="#" role="button"\n'
        '               data-bs-toggle="dropdown" aria-expanded="false">Administration</a>'
    ) in menu
    assert '<li><a class="dropdown-item" href="/monitoring/setup/">Indicators</a></li>' in menu
    assert '<li><a class="dropdown-item" href="/orgunits/">Org units</a></li>' in menu
    assert '<li><a class="dropdown-item" href="/accounts/users/">Users</a></li>' in menu
    assert '<li><a class="dropdown-item" href="/audit/">Audit trail</a></li>' in menu


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/monitoring/reports/", "Reports"),
        ("/monitoring/approvals/", "Approvals"),
        ("/monitoring/setup/", "Indicators"),
        ("/monitoring/setup/elements/", "Indicators"),
        ("/orgunits/", "Org units"),
        ("/orgunits/12/", "Org units"),
        ("/accounts/users/", "Users"),
        ("/audit/", "Audit trail"),
    ],
)
def test_a_dropdown_is_active_on_its_pages(client, users, path, current):
    # when
    menu = _main_menu(_page(client, users[Role.ADMINISTRATOR], path))
    # then
    assert '<a class="nav-link dropdown-toggle text-nowrap active"' in menu
    assert re.findall(r'class="dropdown-item active" aria-current="page"[^>]*>([^<]+)<', menu) == [
        current
    ]


@pytest.mark.parametrize("path", ["/", "/steering/", "/accounts/tokens/"])
def test_no_dropdown_is_active_elsewhere(client, users, path):
    # when
    menu = _main_menu(_page(client, users[Role.ADMINISTRATOR], path))
    # then
    assert "active" not in menu
    assert "aria-current" not in menu


def test_a_visitor_signed_out_sees_no_menu(client):
    # when
    client.cookies["tinhso_language"] = "en"
    html = client.get("/accounts/login/").content.decode()
    # then
    assert 'id="main-menu"' not in html
    assert "Administration" not in html
