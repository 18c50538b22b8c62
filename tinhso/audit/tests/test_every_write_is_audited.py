"""Every service that writes leaves an audit entry: who, which object, the action, the change."""

import datetime as dt

import pytest

from tinhso.accounts import services as accounts
from tinhso.accounts.tests.factories import UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.orgunits import services as orgunits
from tinhso.orgunits.models import OrgUnit


def _create_agency(admin, units):  # type: ignore[no-untyped-def]
    return orgunits.create_org_unit(
        actor=admin, code="12.X", name="Sở X", kind="agency", parent=units["12"]
    )


WRITES = {
    "create_org_unit": (_create_agency, "create", "orgunit", {"name": [None, "Sở X"]}),
    "update_org_unit": (
        lambda admin, units: orgunits.update_org_unit(actor=admin, unit=units["03388"], phone="1"),
        "update", "orgunit", {"phone": ["", "1"]},
    ),
    "record_succession": (
        lambda admin, units: orgunits.record_succession(
            actor=admin, predecessors=[units["03390"]], successor=units["03388"],
            effective_date=dt.date(2026, 1, 1),
        )[0].predecessor,
        "merge", "orgunit", {"valid_to": [None, "2025-12-31"]},
    ),
    "import_agencies": (
        lambda admin, units: orgunits.import_agencies(
            actor=admin, data=b"code,name,parent_code\n12.Y,Y,12\n"
        ) and OrgUnit.objects.get(code="12.Y"),
        "import", "orgunit", {"name": [None, "Y"]},
    ),
    "create_user": (
        lambda admin, units: accounts.create_user(
            actor=admin, username="u1", password="a-long-secret-1", role=Role.LEADER
        ),
        "create", "user", {"role": [None, "leader"]},
    ),
    "update_user": (
        lambda admin, units: accounts.update_user(actor=admin, user=admin, full_name="Tên mới"),
        "update", "user", {"full_name": ["Người dùng 0", "Tên mới"]},
    ),
    "change_own_password": (
        lambda admin, units: accounts.change_own_password(actor=admin, password="another-secret-2"),
        "update", "user", {"password": [None, "(changed)"]},
    ),
    "create_api_token": (
        lambda admin, units: accounts.create_api_token(actor=admin, name="IOC")[0],
        "create", "apitoken", {"name": [None, "IOC"]},
    ),
    "revoke_api_token": (
        lambda admin, units: accounts.revoke_api_token(
            actor=admin, token=accounts.create_api_token(actor=admin, name="IOC")[0]
        ),
        "revoke", "apitoken", {},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(WRITES))
def test_the_write_path_is_audited(name, lai_chau):  # type: ignore[no-untyped-def]
    # given
    admin = UserFactory(
        username="admin0", full_name="Người dùng 0", role=Role.ADMINISTRATOR, org_unit=lai_chau
    )
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    write, action, model, changes = WRITES[name]
    since = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # when
    obj = write(admin, units)
    # then
    entry = AuditEntry.objects.filter(id__gt=since, action=action).latest("id")
    assert (entry.actor, entry.actor_name, entry.content_type.model) == (admin, "admin0", model)
    assert entry.object_id == str(obj.pk)
    for field, values in changes.items():
        assert entry.changes[field] == values


def test_commands_are_audited_as_the_system(db):
    orgunits.load_province(actor=SYSTEM, province_code="12")
    entry = AuditEntry.objects.filter(object_repr="Tỉnh Lai Châu").get()
    assert (entry.actor, entry.actor_name, entry.action) == (None, "system", "create")
