"""POST/GET /api/v1/dataValueSets, as a DHIS2 client would use them."""

import json

from tinhso.core.roles import Role
from tinhso.monitoring.models import DataValue

DOCUMENT = {
    "period": "202601",
    "orgUnit": "03388",
    "dataValues": [
        {"dataElement": "STARTUPS", "value": "3"},
        {"dataElement": "TRAINEES", "categoryOptionCombo": "FEMALE", "value": "40"},
    ],
}


def _post(client, body, content_type="application/json", query=""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/dataValueSets{query}", body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_reporter_posts_their_units_values(api_client, users, catalogue):
    api_client.force_login(users[Role.UNIT_REPORTER])
    response = _post(api_client, json.dumps(DOCUMENT))
    assert response.status_code == 200
    assert response.json() == {
        "status": "SUCCESS", "dryRun": False, "conflicts": [],
        "importCount": {"imported": 2, "updated": 0, "ignored": 0, "deleted": 0},
    }  # fmt: skip
    assert DataValue.objects.count() == 2


def test_a_dry_run_over_http_writes_nothing(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    response = _post(api_client, json.dumps(DOCUMENT), query="?dryRun=true")
    assert (response.status_code, response.json()["importCount"]["imported"]) == (200, 2)
    assert DataValue.objects.count() == 0


def test_conflicts_answer_409_with_rows_and_nothing_is_written(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    document = {
        **DOCUMENT,
        "dataValues": [
            *DOCUMENT["dataValues"],
            {"dataElement": "STARTUPS", "period": "202602", "value": "x"},
        ],
    }
    response = _post(api_client, json.dumps(document))
    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        {"property": "value", "value": "“x” is not a number.", "indexes": [3]}
    ]
    assert DataValue.objects.count() == 0


def test_csv_over_http(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    body = "dataelement,period,orgunit,value\nSTARTUPS,202601,03390,4\n"
    response = _post(api_client, body, content_type="text/csv")
    assert (response.status_code, response.json()["importCount"]["imported"]) == (200, 1)


def test_malformed_json_is_a_400(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    response = _post(api_client, "{not json")
    assert response.status_code == 400
    assert response.json()["conflicts"][0]["property"] == "document"


def test_leaders_and_enterprises_cannot_import(api_client, users, catalogue):
    for role in (Role.LEADER, Role.ENTERPRISE):
        api_client.force_login(users[role])
        assert _post(api_client, json.dumps(DOCUMENT)).status_code == 403
    assert DataValue.objects.count() == 0


def test_export_returns_what_was_imported_in_both_formats(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    _post(api_client, json.dumps(DOCUMENT))
    query = "?dataSet=MONTHLY&period=202601&orgUnit=12&children=true"
    exported = api_client.get(f"/api/v1/dataValueSets{query}").json()["dataValues"]
    assert [
        (v["dataElement"], v["orgUnit"], v["categoryOptionCombo"], v["value"]) for v in exported
    ] == [
        ("STARTUPS", "03388", "default", "3"),
        ("TRAINEES", "03388", "FEMALE", "40"),
    ]
    csv = api_client.get(f"/api/v1/dataValueSets{query}&format=csv").content.decode()
    assert csv.splitlines()[1].startswith("STARTUPS,202601,03388,default,,3,")


def test_a_reporter_exports_only_their_unit(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    other = {**DOCUMENT, "orgUnit": "03390"}
    _post(api_client, json.dumps(DOCUMENT))
    _post(api_client, json.dumps(other))
    api_client.force_login(users[Role.UNIT_REPORTER])
    exported = api_client.get(
        "/api/v1/dataValueSets?dataSet=MONTHLY&period=202601&orgUnit=12&children=true"
    ).json()
    assert {v["orgUnit"] for v in exported["dataValues"]} == {"03388"}
