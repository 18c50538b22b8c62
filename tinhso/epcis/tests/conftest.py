"""Fixtures of the EPCIS repository tests: two enterprises with a user each, an enterprise user
without an enterprise, and builders of EPCIS documents and events."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.roles import Role
from tinhso.traceability.models import Enterprise

CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]
GCP = "8934567"  # a Vietnamese GS1 company prefix (7 digits)


@pytest.fixture
def enterprise(users: dict[Role, Any]) -> Enterprise:
    """Hợp tác xã chè Tân Uyên, which the enterprise user of ``users`` acts for."""
    company = Enterprise.objects.create(
        name="HTX Chè Tân Uyên", tax_code="6200123456", gs1_company_prefix=GCP,
        gln="8934567000006",
    )  # fmt: skip
    company.users.add(users[Role.ENTERPRISE])
    return company


@pytest.fixture
def other_enterprise(db: None) -> Enterprise:
    """Another enterprise, with a user of its own."""
    company = Enterprise.objects.create(name="HTX Thảo quả Sìn Hồ", tax_code="6200654321")
    user: Any = UserFactory(role=Role.ENTERPRISE)  # type: ignore[no-untyped-call]
    company.users.add(user)
    return company


@pytest.fixture
def homeless_user(db: None) -> Any:
    """An account with the enterprise role that no enterprise has taken on."""
    return UserFactory(role=Role.ENTERPRISE)  # type: ignore[no-untyped-call]


def sgtin(serial: int | str, item: str = "012345") -> str:
    """An SGTIN EPC URN of the test company prefix."""
    return f"urn:epc:id:sgtin:{GCP}.{item}.{serial}"


def object_event(
    *, serials: list[int | str] | None = None, time: str = "2026-05-10T08:30:00.000+07:00",
    step: str = "commissioning", **fields: Any,
) -> dict[str, Any]:  # fmt: skip
    """An ObjectEvent ADD of tea packs, as the enterprise's web form would write it."""
    event: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventTime": time,
        "eventTimeZoneOffset": "+07:00",
        "epcList": [sgtin(s) for s in (serials if serials is not None else [1, 2])],
        "action": "ADD",
        "bizStep": step,
        "disposition": "active",
        "readPoint": {"id": f"urn:epc:id:sgln:{GCP}.00000.1"},
        "bizLocation": {"id": f"urn:epc:id:sgln:{GCP}.00000.0"},
    }
    event.update(fields)
    return event


def document(*events: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """An EPCISDocument of the events (copied, so the caller's stay as they were)."""
    return {
        "@context": copy.deepcopy(context if context is not None else CONTEXT),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-10T09:00:00.000+07:00",
        "epcisBody": {"eventList": copy.deepcopy(list(events))},
    }


def single(event: dict[str, Any]) -> dict[str, Any]:
    """A single event for POST /epcis/events: it carries its own @context."""
    return {"@context": list(CONTEXT), **copy.deepcopy(event)}
