"""/api/v1/submissions/: who may list, read and move which report, its filters and its answers.

Columns: administrator, center staff, leader, unit reporter, enterprise, anonymous.
"own" is the reporter's Phường Đoàn Kết, "other" Xã Bình Lư.
"""

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.monitoring.models import Submission

API = {
    ("list", "-"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "own"): (200, 200, 200, 200, 403, 401),
    ("retrieve", "other"): (200, 200, 200, 404, 403, 401),
    ("submit", "own"): (200, 200, 403, 200, 403, 401),
    ("submit", "other"): (200, 200, 403, 404, 403, 401),
    ("approve", "own"): (200, 200, 403, 403, 403, 401),
    ("approve", "other"): (200, 200, 403, 403, 403, 401),
    ("return", "own"): (200, 200, 403, 403, 403, 401),
    ("unlock", "own"): (200, 200, 403, 403, 403, 401),
    ("unlock", "other"): (200, 200, 403, 403, 403, 401),
}
# The status each action starts from.
START = {
    "list": "draft", "retrieve": "draft", "submit": "draft", "approve": "submitted",
    "return": "submitted", "unlock": "approved",
}  # fmt: skip
REASON = {"reason": "Thiếu số liệu"}


def _everything():  # type: ignore[no-untyped-def]
    return state_of(Submission.objects.all(), AuditEntry.objects.all())


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_submissions_api_matrix(case, users, api_client, catalogue, own_unit, other_unit):  # type: ignore[no-untyped-def]
    # given
    unit = other_unit if case.target == "other" else own_unit
    submission = Submission.objects.create(
        data_set=catalogue.monthly, org_unit=unit, period="202601", status=START[case.action]
    )
    sign_in(api_client, users, case.role)
    before = _everything()
    # when
    if case.action == "list":
        response = api_client.get("/api/v1/submissions/")
    elif case.action == "retrieve":
        response = api_client.get(f"/api/v1/submissions/{submission.pk}/")
    else:
        url = f"/api/v1/submissions/{submission.pk}/{case.action}/"
        response = api_client.post(url, REASON, format="json")
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert _everything() == before
    elif case.action not in ("list", "retrieve"):
        expected = {"submit": "submitted", "approve": "approved"}.get(case.action, "returned")
        assert response.json()["status"] == expected
        submission.refresh_from_db()
        assert submission.status == expected


def test_a_submission_as_the_api_shows_it(users, api_client, catalogue, own_unit):
    # given
    submission = Submission.objects.create(
        data_set=catalogue.monthly, org_unit=own_unit, period="202601", status="submitted"
    )
    api_client.force_authenticate(users[Role.CENTER_STAFF])
    # when
    body = api_client.post(f"/api/v1/submissions/{submission.pk}/return/", REASON).json()
    # then
    decided_at = body.pop("decidedAt")
    assert body == {
        "id": submission.pk,
        "dataSet": "MONTHLY",
        "orgUnit": "03388",
        "period": "202601",
        "status": "returned",
        "submittedAt": None,
        "submittedBy": None,
        "decidedBy": users[Role.CENTER_STAFF].username,
        "returnReason": "Thiếu số liệu",
    }
    assert decided_at is not None


@pytest.mark.parametrize(
    ("action", "start", "body", "field"),
    [
        ("return", "submitted", {}, "reason"),
        ("unlock", "approved", {"reason": "  "}, "reason"),
        ("approve", "draft", {}, "non_field_errors"),
        ("submit", "approved", {}, "non_field_errors"),
    ],
)
def test_a_move_the_status_does_not_allow_is_refused_and_changes_nothing(
    users, api_client, catalogue, own_unit, action, start, body, field
):  # type: ignore[no-untyped-def]
    submission = Submission.objects.create(
        data_set=catalogue.monthly, org_unit=own_unit, period="202601", status=start
    )
    api_client.force_authenticate(users[Role.CENTER_STAFF])
    before = _everything()
    response = api_client.post(f"/api/v1/submissions/{submission.pk}/{action}/", body)
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["errors"])) == ("invalid", [field])
    assert _everything() == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["03388 202601 draft", "03390 202601 submitted", "03388 202512 approved"]),
        ("?status=submitted", ["03390 202601 submitted"]),
        ("?orgUnit=03388", ["03388 202601 draft", "03388 202512 approved"]),
        ("?period=202512", ["03388 202512 approved"]),
        ("?dataSet=YEARLY", []),
        ("?dataSet=MONTHLY&orgUnit=03390&period=202601", ["03390 202601 submitted"]),
    ],
)
def test_the_list_filters(users, api_client, catalogue, own_unit, other_unit, query, expected):  # type: ignore[no-untyped-def]
    for unit, period, status in [
        (own_unit, "202601", "draft"),
        (other_unit, "202601", "submitted"),
        (own_unit, "202512", "approved"),
    ]:
        Submission.objects.create(
            data_set=catalogue.monthly, org_unit=unit, period=period, status=status
        )
    api_client.force_authenticate(users[Role.LEADER])
    results = api_client.get(f"/api/v1/submissions/{query}").json()["results"]
    assert [f"{r['orgUnit']} {r['period']} {r['status']}" for r in results] == expected


def test_a_reporter_lists_only_their_units_reports(
    users, api_client, catalogue, own_unit, other_unit
):  # type: ignore[no-untyped-def]
    for unit in (own_unit, other_unit):
        Submission.objects.create(data_set=catalogue.monthly, org_unit=unit, period="202601")
    api_client.force_authenticate(users[Role.UNIT_REPORTER])
    results = api_client.get("/api/v1/submissions/?orgUnit=03390").json()["results"]
    assert results == []
    results = api_client.get("/api/v1/submissions/").json()["results"]
    assert [r["orgUnit"] for r in results] == ["03388"]


def test_the_list_in_a_fixed_number_of_queries(
    users, api_client, catalogue, own_unit, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    for period in ("202601", "202602", "202603"):
        Submission.objects.create(
            data_set=catalogue.monthly, org_unit=own_unit, period=period, status="approved",
            submitted_by=users[Role.UNIT_REPORTER], decided_by=users[Role.CENTER_STAFF],
        )  # fmt: skip
    api_client.force_authenticate(users[Role.LEADER])
    with django_assert_num_queries(3):  # the role, the count, the page
        response = api_client.get("/api/v1/submissions/")
    assert response.json()["count"] == 3
