"""API tokens: shown once, stored as a digest, expiring, revocable."""

import datetime as dt

import pytest
from django.utils import timezone

from tinhso.accounts.models import ApiToken
from tinhso.accounts.services import create_api_token, digest_of, revoke_api_token
from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.roles import Role


def test_the_secret_is_returned_once_and_only_its_digest_is_stored(users):
    # when
    token, secret = create_api_token(actor=users[Role.CENTER_STAFF], name="LGSP connector", days=30)
    # then
    assert secret.startswith("tso_") and len(secret) > 40
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert stored["digest"] == digest_of(secret)
    assert secret not in str(stored)
    assert stored["prefix"] == secret[:12]
    assert (token.expires_at - timezone.now()).days == 29
    assert AuditEntry.objects.get(content_type__model="apitoken").action == AuditAction.CREATE


def test_an_integrator_calls_the_api_with_the_token(users, api_client):
    # given
    token, secret = create_api_token(actor=users[Role.LEADER], name="IOC")
    # when
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    # then
    assert response.status_code == 200
    assert response.json()["username"] == users[Role.LEADER].username
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_token_list_never_shows_a_secret(users, api_client):
    _token, secret = create_api_token(actor=users[Role.LEADER], name="IOC")
    response = api_client.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert secret not in response.text
    assert "token" not in response.json()["results"][0]


def test_a_new_token_by_api_is_shown_once_in_the_answer(users, api_client):
    api_client.force_login(users[Role.LEADER])
    response = api_client.post("/api/v1/tokens/", {"name": "IOC", "days": 7}, format="json")
    assert response.status_code == 201
    secret = response.json()["token"]
    assert ApiToken.objects.get(digest=digest_of(secret)).name == "IOC"


@pytest.mark.parametrize(
    ("state", "code"),
    [("expired", "token_expired"), ("revoked", "token_revoked"), ("unknown", "token_invalid")],
)
def test_an_unusable_token_is_refused_with_a_stable_code(users, api_client, state, code):
    # given
    token, secret = create_api_token(actor=users[Role.LEADER], name="IOC")
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    if state == "revoked":
        revoke_api_token(actor=users[Role.LEADER], token=token)
    if state == "unknown":
        secret += "x"
    # when
    response = api_client.get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en"
    )
    # then
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_expired_message_is_vietnamese_by_default_and_english_on_request(users, api_client):
    token, secret = create_api_token(actor=users[Role.LEADER], name="IOC")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    vietnamese = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    english = api_client.get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["message"] == "This API token has expired. Create a new one."
    assert vietnamese["message"] == "Mã truy cập API này đã hết hạn. Hãy tạo mã mới."


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (365, True), (366, False)])
def test_a_token_lives_between_one_day_and_a_year(users, days, ok):
    from django.core.exceptions import ValidationError

    if ok:
        create_api_token(actor=users[Role.LEADER], name="x", days=days)
        return
    with pytest.raises(ValidationError) as raised:
        create_api_token(actor=users[Role.LEADER], name="x", days=days)
    assert list(raised.value.message_dict) == ["days"]
    assert ApiToken.objects.count() == 0


def test_revoking_twice_records_one_revocation(users):
    token, _secret = create_api_token(actor=users[Role.LEADER], name="IOC")
    revoke_api_token(actor=users[Role.LEADER], token=token)
    revoke_api_token(actor=users[Role.LEADER], token=token)
    assert AuditEntry.objects.filter(action=AuditAction.REVOKE).count() == 1
