"""Who may read the audit trail. Columns: administrator, center staff, leader, unit reporter,
enterprise, anonymous. "own" is an entry about the reporter's unit, "other" about another unit."""

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.testing import expand, sign_in, state_of

API = {
    ("list", "-"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "own"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "other"): (200, 200, 200, 404, 403, 401),
    ("create", "-"): (403, 403, 403, 403, 403, 401),
    ("delete", "own"): (403, 403, 403, 403, 403, 401),
}
PAGES = {("list", "-"): (200, 200, 200, 200, 403, 302)}


def _entry_about(unit):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(org_unit=unit).latest("timestamp")


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_audit_api_matrix(case, users, api_client, own_unit, other_unit):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    entry = {"own": own_unit, "other": other_unit}.get(case.target)
    entry = _entry_about(entry) if entry else None
    before = state_of(AuditEntry.objects.all())
    # when
    if case.action == "list":
        response = api_client.get("/api/v1/audit/")
    elif case.action == "retrieve":
        response = api_client.get(f"/api/v1/audit/{entry.pk}/")
    elif case.action == "create":
        response = api_client.post("/api/v1/audit/", {"action": "create"}, format="json")
    else:
        response = api_client.delete(f"/api/v1/audit/{entry.pk}/")
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert state_of(AuditEntry.objects.all()) == before


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_audit_page_matrix(case, users, client):  # type: ignore[no-untyped-def]
    sign_in(client, users, case.role)
    response = client.get("/audit/")
    assert response.status_code == case.status


def test_reporter_lists_only_entries_of_their_unit(users, api_client, own_unit):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, "unit_reporter")
    # when
    response = api_client.get("/api/v1/audit/?page_size=500")
    # then
    units = {row["org_unit"] for row in response.json()["results"]}
    assert units == {own_unit.code}
