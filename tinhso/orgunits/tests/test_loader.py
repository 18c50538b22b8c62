"""The official loader, run on the real vietnam-provinces data."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.orgunits.choices import OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.services import load_province

pytestmark = pytest.mark.django_db


def test_lai_chau_is_the_province_and_its_38_communes_and_wards():
    # when
    summary = load_province(actor=SYSTEM, province_code="12")
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (39, 0, 0)
    province = OrgUnit.objects.get(code="12")
    assert (province.name, province.kind, province.parent, province.path) == (
        "Tỉnh Lai Châu",
        OrgUnitKind.PROVINCE,
        None,
        "12/",
    )
    assert province.children.count() == 38
    assert province.children.filter(kind=OrgUnitKind.WARD).count() == 2
    assert province.children.filter(kind=OrgUnitKind.COMMUNE).count() == 36
    ward = OrgUnit.objects.get(code="03388")
    assert (ward.name, ward.kind, ward.parent, ward.path, ward.depth) == (
        "Phường Đoàn Kết",
        OrgUnitKind.WARD,
        province,
        "12/03388/",
        1,
    )
    assert str(ward.valid_from) == "2025-07-01"
    assert ward.source.startswith("vietnam-provinces ")


def test_dien_bien_has_45_communes_and_wards():
    load_province(actor=SYSTEM, province_code=11)
    assert OrgUnit.objects.get(code="11").children.count() == 45


def test_loading_twice_changes_nothing():
    # given
    load_province(actor=SYSTEM, province_code="12")
    before = list(OrgUnit.objects.values().order_by("pk"))
    entries = AuditEntry.objects.count()
    # when
    summary = load_province(actor=SYSTEM, province_code="12")
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 39)
    assert list(OrgUnit.objects.values().order_by("pk")) == before
    assert AuditEntry.objects.count() == entries


def test_a_renamed_unit_is_set_back_and_the_change_audited():
    # given
    load_province(actor=SYSTEM, province_code="12")
    OrgUnit.objects.filter(code="03390").update(name="Xã Bình Lư (cũ)")
    # when
    summary = load_province(actor=SYSTEM, province_code="12")
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 38)
    entry = AuditEntry.objects.filter(object_repr="Xã Bình Lư").latest("id")
    assert entry.changes == {"name": ["Xã Bình Lư (cũ)", "Xã Bình Lư"]}


def test_an_unknown_province_code_is_refused_naming_it_and_writes_nothing():
    with pytest.raises(ValidationError) as raised:
        load_province(actor=SYSTEM, province_code="99")
    assert list(raised.value.message_dict) == ["province"]
    assert "“99”" in raised.value.message_dict["province"][0]
    assert "12" in raised.value.message_dict["province"][0]
    assert OrgUnit.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_the_command_prints_the_summary_and_fails_on_an_unknown_code(capsys):
    call_command("load_province", "12")
    assert capsys.readouterr().out == "12: 39 created, 0 updated, 0 unchanged\n"
    with pytest.raises(CommandError, match="Unknown province code “abc”"):
        call_command("load_province", "abc")


def test_a_hand_made_unit_with_an_official_code_blocks_the_load():
    # given
    load_province(actor=SYSTEM, province_code="12")
    OrgUnit.objects.filter(code="03390").update(kind=OrgUnitKind.AGENCY)
    count = OrgUnit.objects.count()
    # when / then
    with pytest.raises(ValidationError, match="03390"):
        load_province(actor=SYSTEM, province_code="12")
    assert OrgUnit.objects.count() == count
