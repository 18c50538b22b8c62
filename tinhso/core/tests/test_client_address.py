"""The client's address for audit and throttling, directly or behind a trusted proxy."""

from django.test import RequestFactory

from tinhso.core.http import client_address


def test_without_a_proxy_forwarded_headers_are_ignored(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "203.0.113.9"


def test_behind_a_proxy_the_address_it_saw_is_used(settings):
    settings.BEHIND_PROXY = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_address(request) == "203.0.113.9"


def test_audit_entries_carry_the_address(client, users, settings, own_unit):
    from tinhso.audit.models import AuditEntry
    from tinhso.core.roles import Role

    settings.BEHIND_PROXY = True
    client.force_login(users[Role.UNIT_REPORTER])
    client.post(
        f"/orgunits/{own_unit.code}/edit/",
        {"phone": "0213 111"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        REMOTE_ADDR="127.0.0.1",
    )
    entry = AuditEntry.objects.filter(action="update").get()
    assert (entry.remote_addr, entry.actor) == ("203.0.113.9", users[Role.UNIT_REPORTER])
