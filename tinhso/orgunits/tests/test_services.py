"""Hand edits and mergers of org units."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit, OrgUnitSuccession
from tinhso.orgunits.services import create_org_unit, record_succession, update_org_unit

NEW_YEAR = dt.date(2026, 1, 1)


def test_an_administrator_adds_an_agency_under_the_province(admin_user, lai_chau):
    # when
    unit = create_org_unit(
        actor=admin_user,
        code="12.SKHCN",
        name="Sở Khoa học và Công nghệ",
        kind="agency",
        parent=lai_chau,
    )
    # then
    assert (unit.path, unit.depth) == ("12/12.SKHCN/", 1)
    entry = AuditEntry.objects.get(object_id=str(unit.pk), content_type__model="orgunit")
    assert (entry.action, entry.actor, entry.org_unit) == (AuditAction.CREATE, admin_user, unit)
    assert entry.changes["name"] == [None, "Sở Khoa học và Công nghệ"]


def test_a_duplicate_code_is_refused_on_the_code_field(admin_user, lai_chau):
    with pytest.raises(ValidationError) as raised:
        create_org_unit(
            actor=admin_user, code="03388", name="Trùng", kind="agency", parent=lai_chau
        )
    assert list(raised.value.message_dict) == ["code"]
    assert OrgUnit.objects.filter(name="Trùng").count() == 0


def test_communes_cannot_be_typed_by_hand(admin_user, lai_chau):
    with pytest.raises(ValidationError) as raised:
        create_org_unit(
            actor=admin_user, code="99999", name="Xã mới", kind="commune", parent=lai_chau
        )
    assert list(raised.value.message_dict) == ["kind"]


def test_a_reporter_updates_the_contact_details_of_their_unit(users, own_unit):
    # when
    update_org_unit(actor=users[Role.UNIT_REPORTER], unit=own_unit, phone="0213 3876 543")
    # then
    own_unit.refresh_from_db()
    assert own_unit.phone == "0213 3876 543"
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
    assert entry.changes == {"phone": ["", "0213 3876 543"]}


def test_a_reporter_cannot_rename_their_unit(users, own_unit):
    with pytest.raises(ValidationError):
        update_org_unit(actor=users[Role.UNIT_REPORTER], unit=own_unit, name="Phường mới")
    own_unit.refresh_from_db()
    assert own_unit.name == "Phường Đoàn Kết"


def test_a_reporter_cannot_touch_another_unit(users, other_unit):
    with pytest.raises(PermissionDenied):
        update_org_unit(actor=users[Role.UNIT_REPORTER], unit=other_unit, phone="1")
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 0


def test_moving_an_agency_moves_its_sub_units_paths(admin_user, lai_chau):
    # given
    department = create_org_unit(
        actor=admin_user, code="12.SKHCN", name="Sở KH&CN", kind="agency", parent=lai_chau
    )
    office = create_org_unit(
        actor=admin_user, code="12.VP", name="Văn phòng", kind="agency", parent=lai_chau
    )
    center = create_org_unit(
        actor=admin_user, code="12.TT", name="Trung tâm", kind="other", parent=office
    )
    # when
    update_org_unit(actor=admin_user, unit=office, parent=department)
    # then
    center.refresh_from_db()
    assert center.path == "12/12.SKHCN/12.VP/12.TT/"
    assert set(OrgUnit.objects.subtree(department).values_list("code", flat=True)) == {
        "12.SKHCN",
        "12.VP",
        "12.TT",
    }


def test_a_merger_closes_the_old_unit_and_keeps_its_history(admin_user, own_unit, other_unit):
    # when
    record_succession(
        actor=admin_user,
        predecessors=[other_unit],
        successor=own_unit,
        effective_date=NEW_YEAR,
        decision="NQ 1670/NQ-UBTVQH15",
    )
    # then
    other_unit.refresh_from_db()
    assert other_unit.valid_to == dt.date(2025, 12, 31)
    assert not other_unit.is_active_on(NEW_YEAR) and other_unit.is_active_on(dt.date(2025, 12, 31))
    link = OrgUnitSuccession.objects.get()
    assert (link.predecessor, link.successor, link.decision) == (
        other_unit,
        own_unit,
        "NQ 1670/NQ-UBTVQH15",
    )
    entry = AuditEntry.objects.get(action=AuditAction.MERGE)
    assert entry.changes == {"valid_to": [None, "2025-12-31"], "successor": [None, "03388"]}
    assert OrgUnit.objects.active_on(NEW_YEAR).filter(pk=other_unit.pk).count() == 0


@pytest.mark.parametrize(
    ("case", "field"),
    [("self", "successor"), ("twice", "predecessors"), ("ended_successor", "successor")],
)
def test_impossible_mergers_are_refused(admin_user, own_unit, other_unit, case, field):
    # given
    if case == "twice":
        record_succession(
            actor=admin_user, predecessors=[other_unit], successor=own_unit, effective_date=NEW_YEAR
        )
    if case == "ended_successor":
        OrgUnit.objects.filter(pk=own_unit.pk).update(valid_to=dt.date(2025, 10, 1))
        own_unit.refresh_from_db()
    predecessors = [own_unit] if case == "self" else [other_unit]
    links = OrgUnitSuccession.objects.count()
    # when / then
    with pytest.raises(ValidationError) as raised:
        record_succession(
            actor=admin_user, predecessors=predecessors, successor=own_unit, effective_date=NEW_YEAR
        )
    assert field in raised.value.message_dict
    assert OrgUnitSuccession.objects.count() == links


def test_a_unit_with_active_sub_units_cannot_be_merged_away(admin_user, lai_chau, own_unit):
    department = create_org_unit(
        actor=admin_user, code="12.A", name="Sở A", kind="agency", parent=lai_chau
    )
    create_org_unit(
        actor=admin_user, code="12.A1", name="Phòng A1", kind="other", parent=department
    )
    with pytest.raises(ValidationError, match="1 active sub-units"):
        record_succession(
            actor=admin_user, predecessors=[department], successor=lai_chau, effective_date=NEW_YEAR
        )
