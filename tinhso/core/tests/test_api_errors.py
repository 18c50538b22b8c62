"""API errors: a stable code, a message in the caller's language, errors keyed by field."""

from tinhso.core.roles import Role


def test_a_service_refusal_names_the_field(users, api_client, own_unit):
    api_client.force_login(users[Role.UNIT_REPORTER])
    response = api_client.patch(
        f"/api/v1/orgunits/{own_unit.code}/",
        {"name": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    only_admin = "Only an administrator can change this; reporters change contact details."
    assert response.json() == {
        "code": "invalid",
        "message": "Invalid input.",
        "errors": {
            "name": [
                {
                    "code": "invalid",
                    "message": only_admin,
                }
            ]
        },
    }


def test_an_error_of_no_field_goes_under_the_non_field_key(users, api_client, own_unit, other_unit):
    api_client.force_login(users[Role.ADMINISTRATOR])
    response = api_client.post(
        f"/api/v1/orgunits/{own_unit.code}/succession/",
        {"successor": own_unit.code, "effective_date": "2026-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["successor"][0]["message"] == "A unit cannot succeed itself."


def test_an_unknown_province_is_a_400_naming_it(users, api_client):
    api_client.force_login(users[Role.ADMINISTRATOR])
    response = api_client.post(
        "/api/v1/orgunits/load/",
        {"province_codes": ["99"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    message = response.json()["errors"]["province"][0]["message"]
    assert message.startswith("Mã tỉnh “99” không hợp lệ. Các mã chính thức: 01, 04, 08,")


def test_a_forbidden_request_carries_a_code(users, api_client):
    api_client.force_login(users[Role.ENTERPRISE])
    forbidden = api_client.get("/api/v1/orgunits/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert forbidden == {
        "code": "permission_denied",
        "message": "You do not have permission to perform this action.",
        "errors": {},
    }
