"""Who may do what to accounts and API tokens, by role × own unit / other unit × action.

Columns: administrator, center staff, leader, unit reporter, enterprise, anonymous.
"own" is a user of the reporter's unit (Phường Đoàn Kết); "other" a user of Xã Bình Lư.
"""

import pytest

from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.services import create_api_token
from tinhso.accounts.tests.factories import UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of

USERS_API = {
    ("list", "-"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "own"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "other"): (200, 200, 200, 404, 403, 401),
    ("update", "own"): (200, 403, 403, 403, 403, 401),
    ("update", "other"): (200, 403, 403, 403, 403, 401),
    ("create", "-"): (201, 403, 403, 403, 403, 401),
    ("me", "-"): (200, 200, 200, 200, 200, 401),
}


@pytest.fixture
def colleagues(own_unit, other_unit):  # type: ignore[no-untyped-def]
    return {
        "own": UserFactory(role=Role.UNIT_REPORTER, org_unit=own_unit),
        "other": UserFactory(role=Role.UNIT_REPORTER, org_unit=other_unit),
    }


def _users_request(client, action, target):  # type: ignore[no-untyped-def]
    if action == "list":
        return client.get("/api/v1/users/")
    if action == "me":
        return client.get("/api/v1/me/")
    if action == "retrieve":
        return client.get(f"/api/v1/users/{target.pk}/")
    if action == "update":
        return client.patch(f"/api/v1/users/{target.pk}/", {"full_name": "Đổi tên"}, format="json")
    if action == "create":
        body = {
            "username": "moi",
            "full_name": "Người mới",
            "role": "leader",
            "password": "a-long-secret-1",
        }
        return client.post("/api/v1/users/", body, format="json")
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(USERS_API), ids=str)
def test_users_api_matrix(case, users, colleagues, api_client):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    before = state_of(User.objects.all(), AuditEntry.objects.all())
    # when
    response = _users_request(api_client, case.action, colleagues.get(case.target))
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert state_of(User.objects.all(), AuditEntry.objects.all()) == before


USER_PAGES = {
    ("list", "-"): (200, 200, 200, 200, 403, 302),
    ("detail", "own"): (200, 200, 200, 200, 403, 302),
    ("detail", "other"): (200, 200, 200, 404, 403, 302),
    ("edit", "own"): (302, 403, 403, 403, 403, 302),
    ("create", "-"): (302, 403, 403, 403, 403, 302),
}


def _user_page_request(client, action, target, unit):  # type: ignore[no-untyped-def]
    if action == "list":
        return client.get("/accounts/users/")
    if action == "detail":
        return client.get(f"/accounts/users/{target.pk}/")
    if action == "edit":
        body = {
            "username": target.username,
            "full_name": "Đổi tên",
            "role": "unit_reporter",
            "org_unit": unit.pk,
            "is_active": "on",
        }
        return client.post(f"/accounts/users/{target.pk}/edit/", body)
    if action == "create":
        body = {
            "username": "moi",
            "full_name": "Người mới",
            "role": "leader",
            "password": "a-long-secret-1",
        }
        return client.post("/accounts/users/add/", body)
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(USER_PAGES), ids=str)
def test_user_pages_matrix(case, users, colleagues, client, own_unit):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    before = state_of(User.objects.all(), AuditEntry.objects.all())
    # when
    response = _user_page_request(client, case.action, colleagues.get(case.target), own_unit)
    # then
    assert response.status_code == case.status, response.content[:2000]
    if case.denied:
        assert state_of(User.objects.all(), AuditEntry.objects.all()) == before


# "own" is the caller's own token; "other" belongs to the reporter of the other unit.
TOKENS_API = {
    ("list", "-"): (200, 200, 200, 200, 200, 401),
    ("create", "-"): (201, 201, 201, 201, 201, 401),
    ("retrieve", "own"): (200, 200, 200, 200, 200, 401),
    ("retrieve", "other"): (200, 404, 404, 404, 404, 401),
    ("revoke", "own"): (204, 204, 204, 204, 204, 401),
    ("revoke", "other"): (204, 404, 404, 404, 404, 401),
}


@pytest.mark.parametrize("case", expand(TOKENS_API), ids=str)
def test_tokens_api_matrix(case, users, colleagues, api_client):  # type: ignore[no-untyped-def]
    # given
    caller = sign_in(api_client, users, case.role)
    owner = {"own": caller or users[Role.UNIT_REPORTER], "other": colleagues["other"]}.get(
        case.target
    )
    token = create_api_token(actor=owner, name="existing")[0] if owner else None
    before = state_of(ApiToken.objects.all(), AuditEntry.objects.all())
    # when
    if case.action == "list":
        response = api_client.get("/api/v1/tokens/")
    elif case.action == "create":
        response = api_client.post("/api/v1/tokens/", {"name": "LGSP", "days": 30}, format="json")
    elif case.action == "retrieve":
        response = api_client.get(f"/api/v1/tokens/{token.pk}/")
    else:
        response = api_client.delete(f"/api/v1/tokens/{token.pk}/")
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert state_of(ApiToken.objects.all(), AuditEntry.objects.all()) == before


TOKEN_PAGES = {
    ("list", "-"): (200, 200, 200, 200, 200, 302),
    ("create", "-"): (200, 200, 200, 200, 200, 302),
    ("revoke", "own"): (302, 302, 302, 302, 302, 302),
    ("revoke", "other"): (302, 404, 404, 404, 404, 302),
}


@pytest.mark.parametrize("case", expand(TOKEN_PAGES), ids=str)
def test_token_pages_matrix(case, users, colleagues, client):  # type: ignore[no-untyped-def]
    # given
    caller = sign_in(client, users, case.role)
    owner = {"own": caller or users[Role.UNIT_REPORTER], "other": colleagues["other"]}.get(
        case.target
    )
    token = create_api_token(actor=owner, name="existing")[0] if owner else None
    before = state_of(ApiToken.objects.all(), AuditEntry.objects.all())
    # when
    if case.action == "list":
        response = client.get("/accounts/tokens/")
    elif case.action == "create":
        response = client.post("/accounts/tokens/", {"name": "LGSP", "days": 30})
    else:
        response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    # then
    assert response.status_code == case.status, response.content[:2000]
    if case.denied:
        assert state_of(ApiToken.objects.all(), AuditEntry.objects.all()) == before
