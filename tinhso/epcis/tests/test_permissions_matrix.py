"""Every EPCIS endpoint by role × whose object × action. Columns: administrator, center staff,
leader, unit reporter, enterprise (acting for its enterprise), anonymous. Targets: "own" is an
event or job of the enterprise user's enterprise, "other" one of another enterprise, "center"
one the center owns. A refused request changes nothing, audit trail included; a list shows
each role exactly what it may read. An enterprise account no enterprise has taken on can do
nothing at all."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import ADD, SYSTEM, VIEW
from tinhso.core.roles import Role
from tinhso.core.testing import Case, expand, sign_in, state_of
from tinhso.epcis.models import CaptureJob, Event, EventIdentifier
from tinhso.epcis.permissions import EventPolicy
from tinhso.epcis.services import capture_document
from tinhso.epcis.tests.conftest import document, object_event, sgtin, single
from tinhso.epcis.validation import event_hash_id
from tinhso.traceability.models import Enterprise

READ = (200, 200, 200, 403, 200, 401)
READ_NOT_OWN = (200, 200, 200, 403, 404, 401)
CAPTURE = (202, 202, 403, 403, 202, 401)
CREATE = (201, 201, 403, 403, 201, 401)

MATRIX = {
    ("capture.post", "-"): CAPTURE,
    ("capture.list", "-"): READ,
    ("capture.retrieve", "own"): READ,
    ("capture.retrieve", "other"): READ_NOT_OWN,
    ("capture.retrieve", "center"): READ_NOT_OWN,
    ("events.post", "-"): CREATE,
    ("events.list", "-"): READ,
    ("events.retrieve", "own"): READ,
    ("events.retrieve", "other"): READ_NOT_OWN,
    ("events.retrieve", "center"): READ_NOT_OWN,
    ("epcs.events", "-"): READ,
    ("eventTypes.list", "-"): READ,
}

OWN = object_event(serials=[1])
OTHER = object_event(serials=[2])
CENTER = object_event(serials=[3])
EVENTS = {"own": OWN, "other": OTHER, "center": CENTER}


@pytest.fixture
def stored(
    users: dict[Role, Any], enterprise: Enterprise, other_enterprise: Enterprise
) -> dict[str, CaptureJob]:
    return {
        "own": capture_document(actor=SYSTEM, doc=document(OWN), owner=enterprise),
        "other": capture_document(actor=SYSTEM, doc=document(OTHER), owner=other_enterprise),
        "center": capture_document(actor=SYSTEM, doc=document(CENTER), owner=None),
    }


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Event.objects.all(), EventIdentifier.objects.all(), CaptureJob.objects.all(),
        AuditEntry.objects.all(),
    )  # fmt: skip


def _request(client: APIClient, jobs: dict[str, CaptureJob], action: str, target: str) -> Any:
    fresh = object_event(serials=[99])
    if action == "capture.post":
        return client.post(
            "/epcis/capture", data=json.dumps(document(fresh)), content_type="application/json"
        )
    if action == "events.post":
        return client.post(
            "/epcis/events", data=json.dumps(single(fresh)), content_type="application/json"
        )
    if action == "capture.retrieve":
        return client.get(f"/epcis/capture/{jobs[target].pk}")
    if action == "events.retrieve":
        return client.get(f"/epcis/events/{quote(event_hash_id(EVENTS[target]), safe='')}")
    urls = {
        "capture.list": "/epcis/capture",
        "events.list": "/epcis/events",
        "epcs.events": f"/epcis/epcs/{quote(sgtin(1), safe='')}/events",
        "eventTypes.list": "/epcis/eventTypes",
    }
    return client.get(urls[action])


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_permission_matrix(
    api_client: APIClient, users: dict[Role, Any], stored: dict[str, CaptureJob], case: Case
) -> None:
    # given
    sign_in(api_client, users, case.role)
    before = _everything()

    # when
    response = _request(api_client, stored, case.action, case.target)

    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] in {
            "epcisException:SecurityException", "epcisException:NoSuchNameException",
        }  # fmt: skip
        assert _everything() == before


def _listed_events(response: Any) -> set[str]:
    body = response.json()
    return {e["eventID"] for e in body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]}


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.CENTER_STAFF, Role.LEADER])
def test_the_center_and_leaders_list_everything(
    api_client: APIClient, users: dict[Role, Any], stored: dict[str, CaptureJob], role: Role
) -> None:
    api_client.force_login(users[role])

    events = _listed_events(api_client.get("/epcis/events"))
    jobs = {job["captureID"] for job in api_client.get("/epcis/capture").json()}

    assert events == {event_hash_id(e) for e in EVENTS.values()}
    assert jobs == {str(job.pk) for job in stored.values()}


def test_an_enterprise_lists_only_its_own(
    api_client: APIClient, users: dict[Role, Any], stored: dict[str, CaptureJob]
) -> None:
    api_client.force_login(users[Role.ENTERPRISE])

    events = _listed_events(api_client.get("/epcis/events"))
    by_epc = _listed_events(api_client.get(f"/epcis/epcs/{quote(sgtin(2), safe='')}/events"))
    jobs = [job["captureID"] for job in api_client.get("/epcis/capture").json()]

    assert events == {event_hash_id(OWN)}
    assert by_epc == set()  # sgtin 2 is the other enterprise's
    assert jobs == [str(stored["own"].pk)]


def test_what_an_enterprise_captures_is_its_enterprises(
    api_client: APIClient, users: dict[Role, Any], enterprise: Enterprise
) -> None:
    api_client.force_login(users[Role.ENTERPRISE])

    _request(api_client, {}, "capture.post", "-")

    assert Event.objects.get().owner == enterprise
    assert CaptureJob.objects.get().owner == enterprise


def test_what_the_center_captures_is_the_centers(
    api_client: APIClient, users: dict[Role, Any]
) -> None:
    api_client.force_login(users[Role.CENTER_STAFF])

    _request(api_client, {}, "events.post", "-")

    assert Event.objects.get().owner is None


@pytest.mark.parametrize(
    ("action", "target"),
    [*((a, t) for (a, t) in MATRIX), ("events.options", "-")],
)
def test_an_enterprise_account_without_an_enterprise_can_do_nothing(
    api_client: APIClient, homeless_user: Any, stored: dict[str, CaptureJob], action: str,
    target: str,
) -> None:  # fmt: skip
    api_client.force_login(homeless_user)
    before = _everything()

    if action == "events.options":
        response = api_client.options("/epcis/events")
    else:
        response = _request(api_client, stored, action, target)

    assert response.status_code == 403
    assert _everything() == before


# --- the policy itself, as services and selectors ask it ------------------------------------

POLICY_MATRIX = {
    # role: (may view, may capture, sees which of own/other/center)
    Role.ADMINISTRATOR: (True, True, {"own", "other", "center"}),
    Role.CENTER_STAFF: (True, True, {"own", "other", "center"}),
    Role.LEADER: (True, False, {"own", "other", "center"}),
    Role.UNIT_REPORTER: (False, False, set()),
    Role.ENTERPRISE: (True, True, {"own"}),
}


@pytest.mark.parametrize("role", list(POLICY_MATRIX))
def test_the_policy_matrix(
    users: dict[Role, Any], stored: dict[str, CaptureJob], role: Role
) -> None:
    policy = EventPolicy()
    user = users[role]
    may_view, may_capture, sees = POLICY_MATRIX[role]

    assert (policy.can(user, VIEW), policy.can(user, ADD)) == (may_view, may_capture)
    visible = set(policy.scope(CaptureJob.objects.all(), user, VIEW))
    assert visible == {stored[target] for target in sees}
    for target, job in stored.items():
        assert policy.can(user, VIEW, job) is (target in sees)


def test_the_policy_refuses_anonymous_and_homeless_users(
    homeless_user: Any, stored: dict[str, CaptureJob]
) -> None:
    from django.contrib.auth.models import AnonymousUser

    policy = EventPolicy()
    for user in (AnonymousUser(), homeless_user):
        assert (policy.can(user, VIEW), policy.can(user, ADD)) == (False, False)
        assert not policy.scope(Event.objects.all(), user, VIEW).exists()


def test_an_account_acting_for_two_enterprises_reads_both_and_captures_for_either(
    api_client: APIClient,
    users: dict[Role, Any],
    enterprise: Enterprise,
    other_enterprise: Enterprise,
    stored: dict[str, CaptureJob],
) -> None:
    user = users[Role.ENTERPRISE]
    other_enterprise.users.add(user)
    policy = EventPolicy()
    api_client.force_login(user)

    events = _listed_events(api_client.get("/epcis/events"))
    policy.require_capture(user, other_enterprise)  # the step form captures for either

    assert events == {event_hash_id(OWN), event_hash_id(OTHER)}
    assert policy.capture_owner(user) == min(enterprise, other_enterprise, key=lambda e: e.pk)
    with pytest.raises(PermissionDenied):
        policy.require_capture(user, None)
