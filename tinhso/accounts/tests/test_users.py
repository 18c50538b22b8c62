"""Accounts: creating, roles, bad input, throttled sign-in."""

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.models import User
from tinhso.accounts.services import create_user, update_user
from tinhso.accounts.tests.factories import PASSWORD, UserFactory
from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.roles import Role


def test_an_administrator_creates_a_reporter_for_a_commune(admin_user, own_unit):
    # when
    user = create_user(
        actor=admin_user,
        username="doanket2",
        password="mot-mat-khau-dai",
        role=Role.UNIT_REPORTER,
        org_unit=own_unit,
        full_name="Lò Văn A",
    )
    # then
    assert (user.role, user.org_unit, user.check_password("mot-mat-khau-dai")) == (
        Role.UNIT_REPORTER,
        own_unit,
        True,
    )
    entry = AuditEntry.objects.get(content_type__model="user", object_id=str(user.pk))
    assert entry.changes["role"] == [None, "unit_reporter"]
    assert entry.changes["org_unit"] == [None, own_unit.pk]
    assert "password" not in entry.changes


def test_a_duplicate_username_names_the_field_and_writes_nothing(admin_user, users):
    existing = users[Role.LEADER]
    count = User.objects.count()
    with pytest.raises(ValidationError) as raised:
        create_user(
            actor=admin_user,
            username=existing.username,
            password="mot-mat-khau-dai",
            role=Role.LEADER,
        )
    assert list(raised.value.message_dict) == ["username"]
    assert User.objects.count() == count


def test_a_duplicate_username_through_the_api_is_a_400_naming_the_field(
    admin_user, users, api_client
):
    api_client.force_login(admin_user)
    body = {
        "username": users[Role.LEADER].username,
        "role": "leader",
        "password": "mot-mat-khau-dai",
    }
    response = api_client.post("/api/v1/users/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert (
        response.json()["errors"]["username"][0]["message"]
        == "A user with that username already exists."
    )


def test_a_reporter_must_belong_to_a_unit(admin_user, lai_chau):
    with pytest.raises(ValidationError) as raised:
        create_user(
            actor=admin_user, username="x", password="mot-mat-khau-dai", role=Role.UNIT_REPORTER
        )
    assert list(raised.value.message_dict) == ["org_unit"]


def test_a_weak_password_is_refused(admin_user, lai_chau):
    with pytest.raises(ValidationError):
        create_user(actor=admin_user, username="x", password="12345678", role=Role.LEADER)
    assert not User.objects.filter(username="x").exists()


def test_changing_a_role_is_audited_before_and_after(admin_user, users):
    leader = users[Role.LEADER]
    update_user(actor=admin_user, user=leader, role=Role.CENTER_STAFF)
    assert User.objects.get(pk=leader.pk).role == Role.CENTER_STAFF
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
    assert entry.changes == {"role": ["leader", "center_staff"]}


def test_sign_in_is_throttled_after_five_failures(client, users):
    # given: four failures are answered with the form again, the fifth locks the account
    user = users[Role.LEADER]
    statuses = [
        client.post(
            "/accounts/login/", {"username": user.username, "password": "wrong"}
        ).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # when: even the right password is refused while the lock lasts
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    # then
    assert response.status_code == 429
    assert 'data-testid="locked-out"' in response.text
    assert "_auth_user_id" not in client.session


def test_another_account_is_not_locked_by_someone_elses_failures(client, users):
    for _attempt in range(5):
        client.post(
            "/accounts/login/", {"username": users[Role.LEADER].username, "password": "wrong"}
        )
    response = client.post(
        "/accounts/login/", {"username": users[Role.CENTER_STAFF].username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_user_without_a_role_is_refused_everywhere(client, api_client, lai_chau):
    nobody = UserFactory(org_unit=lai_chau)
    client.force_login(nobody)
    api_client.force_login(nobody)
    assert client.get("/orgunits/").status_code == 403
    assert api_client.get("/api/v1/orgunits/").status_code == 403
    assert 'data-testid="home-title"' in client.get("/").text
