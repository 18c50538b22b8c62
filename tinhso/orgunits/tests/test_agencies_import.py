"""The agencies CSV import: all rows or none, a dry run first, messages naming row and field."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.services import import_agencies

GOOD = (
    "code,name,parent_code,kind,email,valid_from\n"
    "12.SKHCN,Sở Khoa học và Công nghệ,12,agency,skhcn@laichau.gov.vn,01/03/2025\n"
    "12.TTDMST,Trung tâm Đổi mới sáng tạo và Chuyển đổi số,12.SKHCN,other,,2026-01-15\n"
).encode()


def _state():  # type: ignore[no-untyped-def]
    return list(OrgUnit.objects.values().order_by("pk")), AuditEntry.objects.count()


def test_a_good_file_creates_the_agencies_under_their_parents(lai_chau):
    # when
    summary = import_agencies(actor=SYSTEM, data=GOOD)
    # then
    assert (summary.ok, summary.created, summary.updated, summary.unchanged) == (True, 2, 0, 0)
    center = OrgUnit.objects.get(code="12.TTDMST")
    assert (center.parent.code, center.path, center.kind) == (
        "12.SKHCN",
        "12/12.SKHCN/12.TTDMST/",
        "other",
    )
    assert str(center.valid_from) == "2026-01-15"
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 2


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(lai_chau):
    # given
    before = _state()
    # when
    summary = import_agencies(actor=SYSTEM, data=GOOD, dry_run=True)
    # then
    assert (summary.ok, summary.dry_run, summary.created) == (True, True, 2)
    assert _state() == before


def test_importing_again_updates_only_what_changed(lai_chau):
    # given
    import_agencies(actor=SYSTEM, data=GOOD)
    changed = GOOD.replace(b"skhcn@laichau.gov.vn", b"vanthu.skhcn@laichau.gov.vn")
    # when
    summary = import_agencies(actor=SYSTEM, data=changed)
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert OrgUnit.objects.get(code="12.SKHCN").email == "vanthu.skhcn@laichau.gov.vn"


def test_semicolons_and_a_byte_order_mark_from_excel_are_read(lai_chau):
    data = "\ufeffcode;name;parent_code\n12.SYT;Sở Y tế;12\n".encode()
    summary = import_agencies(actor=SYSTEM, data=data)
    assert (summary.ok, summary.created) == (True, 1)


@pytest.mark.parametrize(
    ("csv", "row", "field", "fragment"),
    [
        ("code,name\n12.A,A\n", 1, "parent_code", "required column is missing"),
        ("code,name,parent_code,colour\n12.A,A,12,red\n", 1, "colour", "Unknown column"),
        ("code,name,parent_code\n12.A,,12\n", 2, "name", "required"),
        ("code,name,parent_code\n12 A,A,12\n", 2, "code", "letters, digits"),
        ("code,name,parent_code\n12.A,A,12\n12.A,B,12\n", 3, "code", "row 2"),
        ("code,name,parent_code\n12.A,A,12.NOWHERE\n", 2, "parent_code", "12.NOWHERE"),
        ("code,name,parent_code\n03388,Phường,12\n", 2, "code", "official administrative unit"),
        ("code,name,parent_code,email\n12.A,A,12,not-an-email\n", 2, "email", "e-mail"),
        ("code,name,parent_code,valid_from\n12.A,A,12,31/02/2026\n", 2, "valid_from", "dd/mm/yyyy"),
        ("code,name,parent_code,kind\n12.A,A,12,commune\n", 2, "kind", "agency"),
        ("code,name,parent_code\n", 1, "file", "no rows"),
    ],
)
def test_a_bad_file_names_the_row_and_field_and_writes_nothing(lai_chau, csv, row, field, fragment):
    # given
    before = _state()
    # when
    summary = import_agencies(actor=SYSTEM, data=csv.encode())
    # then
    assert not summary.ok
    assert (summary.errors[0].row, summary.errors[0].field) == (row, field)
    assert fragment.lower() in summary.errors[0].message.lower()
    assert _state() == before


def test_one_bad_row_among_good_ones_keeps_them_all_out(lai_chau):
    # given
    data = GOOD + b"12.BAD,,12\n"
    before = _state()
    # when
    summary = import_agencies(actor=SYSTEM, data=data)
    # then
    assert [str(e) for e in summary.errors] == ["Row 4, name: This field is required."]
    assert _state() == before


def test_a_file_that_is_not_utf8_is_refused(lai_chau):
    summary = import_agencies(actor=SYSTEM, data=b"code,name,parent_code\n12.A,Caf\xe9,12\n")
    assert [(e.row, e.field) for e in summary.errors] == [(1, "file")]


def test_the_command_dry_runs_and_fails_on_bad_rows(lai_chau, tmp_path, capsys):
    # given
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"code,name,parent_code\n12.A,,12\n")
    # when
    call_command("import_agencies", str(good), "--dry-run")
    # then
    assert capsys.readouterr().out == "dry run: would be 2 created, 0 updated, 0 unchanged\n"
    assert not OrgUnit.objects.filter(code="12.SKHCN").exists()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_agencies", str(bad))
    assert "Row 2, name: This field is required." in capsys.readouterr().err
