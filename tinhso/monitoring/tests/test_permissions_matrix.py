"""dataValueSets by role × own unit / other unit × action. Columns: administrator, center staff,
leader, unit reporter, enterprise, anonymous. "own" is Phường Đoàn Kết, "other" Xã Bình Lư."""

import json

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.monitoring.models import DataImport, DataValue

API = {
    ("import", "own"): (200, 200, 403, 200, 403, 401),
    ("import", "other"): (200, 200, 403, 409, 403, 401),
    ("export", "own"): (200, 200, 200, 200, 403, 401),
}


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_datavaluesets_matrix(case, users, api_client, own_unit, other_unit, catalogue):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    unit = own_unit if case.target == "own" else other_unit
    before = state_of(DataValue.objects.all(), DataImport.objects.all(), AuditEntry.objects.all())
    # when
    if case.action == "import":
        body = {
            "dataValues": [
                {"dataElement": "STARTUPS", "period": "202601", "orgUnit": unit.code, "value": "2"}
            ]
        }
        response = api_client.post(
            "/api/v1/dataValueSets", json.dumps(body), content_type="application/json"
        )
    else:
        response = api_client.get(
            f"/api/v1/dataValueSets?dataSet=MONTHLY&period=202601&orgUnit={unit.code}"
        )
    # then
    assert response.status_code == case.status, response.content
    if case.denied or case.status == 409:
        assert (
            state_of(DataValue.objects.all(), DataImport.objects.all(), AuditEntry.objects.all())
            == before
        )
