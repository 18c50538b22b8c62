"""Fixtures shared by every app's tests: the real Lai Châu tree, one user per role, clients."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.services import load_province

pytest_plugins = ["tinhso.core.tests.browser"]

OWN_UNIT = "03388"  # Phường Đoàn Kết, where the test reporter works
OTHER_UNIT = "03390"  # Xã Bình Lư, a neighbour the reporter must not reach


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def lai_chau(db) -> OrgUnit:  # type: ignore[no-untyped-def]
    """Lai Châu and its 38 communes/wards, loaded from the real vietnam-provinces data."""
    load_province(actor=SYSTEM, province_code="12")
    return OrgUnit.objects.get(code="12")


@pytest.fixture
def own_unit(lai_chau: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get(code=OWN_UNIT)


@pytest.fixture
def other_unit(lai_chau: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get(code=OTHER_UNIT)


@pytest.fixture
def users(own_unit: OrgUnit, lai_chau: OrgUnit) -> dict[Role, object]:
    """One user per role; the reporter belongs to ``own_unit``, the others to the province."""
    return {
        Role.ADMINISTRATOR: UserFactory(role=Role.ADMINISTRATOR, org_unit=lai_chau),
        Role.CENTER_STAFF: UserFactory(role=Role.CENTER_STAFF, org_unit=lai_chau),
        Role.LEADER: UserFactory(role=Role.LEADER, org_unit=lai_chau),
        Role.UNIT_REPORTER: UserFactory(role=Role.UNIT_REPORTER, org_unit=own_unit),
        Role.ENTERPRISE: UserFactory(role=Role.ENTERPRISE, org_unit=None),
    }


@pytest.fixture
def admin_user(users: dict[Role, object]) -> object:
    return users[Role.ADMINISTRATOR]


@pytest.fixture
def api_client() -> Iterator[APIClient]:
    yield APIClient()


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service-level tests read English messages; tests about Vietnamese switch explicitly.
    (Requests through a test client get their language from the middleware as usual.)"""
    with translation.override("en"):
        yield
