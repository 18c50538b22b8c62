"""Who may do what to org units, by role × own unit / other unit × action, in the API and pages.

Columns: administrator, center staff, leader, unit reporter, enterprise, anonymous.
The reporter belongs to Phường Đoàn Kết ("own"); "other" is Xã Bình Lư.
"""

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.orgunits.models import OrgUnit, OrgUnitSuccession

API = {
    ("list", "-"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "own"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "other"): (200, 200, 200, 404, 403, 401),
    ("update", "own"): (200, 403, 403, 200, 403, 401),
    ("update", "other"): (200, 403, 403, 404, 403, 401),
    ("create", "-"): (201, 403, 403, 403, 403, 401),
    ("merge", "own"): (201, 403, 403, 403, 403, 401),
    ("merge", "other"): (201, 403, 403, 403, 403, 401),
    ("import", "-"): (200, 403, 403, 403, 403, 401),
    ("load", "-"): (202, 403, 403, 403, 403, 401),
    ("delete", "own"): (403, 403, 403, 403, 403, 401),
}

AGENCY_CSV = b"code,name,parent_code\n12.TEST,Test agency,12\n"


def _api_request(client, action, unit):  # type: ignore[no-untyped-def]
    url = f"/api/v1/orgunits/{unit.code}/" if unit else "/api/v1/orgunits/"
    if action in {"list", "retrieve"}:
        return client.get(url)
    if action == "update":
        return client.patch(url, {"email": "changed@laichau.gov.vn"}, format="json")
    if action == "delete":
        return client.delete(url)
    if action == "create":
        body = {"code": "12.NEW", "name": "Sở mới", "kind": "agency", "parent": "12"}
        return client.post(url, body, format="json")
    if action == "merge":
        successor = "03394" if unit.code != "03394" else "03405"
        body = {"successor": successor, "effective_date": "2026-01-01"}
        return client.post(f"{url}succession/", body, format="json")
    if action == "import":
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("agencies.csv", AGENCY_CSV, content_type="text/csv")
        return client.post(f"{url}import/", {"file": upload}, format="multipart")
    if action == "load":
        return client.post(f"{url}load/", {"province_codes": ["12"]}, format="json")
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_orgunit_api_matrix(
    case, users, api_client, own_unit, other_unit, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    unit = {"own": own_unit, "other": other_unit}.get(case.target)
    before = state_of(
        OrgUnit.objects.all(), OrgUnitSuccession.objects.all(), AuditEntry.objects.all()
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _api_request(api_client, case.action, unit)
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert (
            state_of(
                OrgUnit.objects.all(), OrgUnitSuccession.objects.all(), AuditEntry.objects.all()
            )
            == before
        )


PAGES = {
    ("list", "-"): (200, 200, 200, 200, 403, 302),
    ("detail", "own"): (200, 200, 200, 200, 403, 302),
    ("detail", "other"): (200, 200, 200, 404, 403, 302),
    ("edit", "own"): (302, 403, 403, 302, 403, 302),
    ("edit", "other"): (302, 403, 403, 404, 403, 302),
    ("create", "-"): (302, 403, 403, 403, 403, 302),
    ("merge", "own"): (302, 403, 403, 403, 403, 302),
    ("merge", "other"): (302, 403, 403, 403, 403, 302),
    ("import", "-"): (200, 403, 403, 403, 403, 302),
    ("load", "-"): (302, 403, 403, 403, 403, 302),
}


def _page_request(client, action, unit):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    if action == "list":
        return client.get("/orgunits/")
    if action == "detail":
        return client.get(f"/orgunits/{unit.code}/")
    if action == "edit":
        return client.post(
            f"/orgunits/{unit.code}/edit/", {"name": unit.name, "email": "changed@laichau.gov.vn"}
        )
    if action == "create":
        body = {
            "code": "12.NEW",
            "name": "Sở mới",
            "kind": "agency",
            "parent": OrgUnit.objects.get(code="12").pk,
        }
        return client.post("/orgunits/add/", body)
    if action == "merge":
        successor = OrgUnit.objects.get(code="03394")
        return client.post(
            f"/orgunits/{unit.code}/merge/",
            {"successor": successor.pk, "effective_date": "2026-01-01"},
        )
    if action == "import":
        upload = SimpleUploadedFile("agencies.csv", AGENCY_CSV, content_type="text/csv")
        return client.post("/orgunits/import/", {"file": upload})
    if action == "load":
        return client.post("/orgunits/load/", {"province": "12"})
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_orgunit_pages_matrix(
    case, users, client, own_unit, other_unit, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    unit = {"own": own_unit, "other": other_unit}.get(case.target)
    before = state_of(
        OrgUnit.objects.all(), OrgUnitSuccession.objects.all(), AuditEntry.objects.all()
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _page_request(client, case.action, unit)
    # then
    assert response.status_code == case.status, response.content[:2000]
    if case.denied:
        assert (
            state_of(
                OrgUnit.objects.all(), OrgUnitSuccession.objects.all(), AuditEntry.objects.all()
            )
            == before
        )
