"""The report form and its workflow: save, conflicts, submit, approve, return, unlock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.models import CategoryOption, DataValue, Submission
from tinhso.monitoring.periods import parse_period
from tinhso.monitoring.reports import (
    FormEntry,
    approve_report,
    return_report,
    save_report_values,
    submission_for,
    submit_report,
    unlock_report,
)
from tinhso.monitoring.services import import_data_values


def _entries(catalogue, startups="3", female="1.234", version=None):  # type: ignore[no-untyped-def]
    default = CategoryOption.objects.get(code="default")
    woman = CategoryOption.objects.get(code="FEMALE")
    return [
        FormEntry(catalogue.startups, default, startups, version=version),
        FormEntry(catalogue.trainees, woman, female, comment="Lớp tập huấn"),
    ]


def _save(user, catalogue, unit, entries, period="202601"):  # type: ignore[no-untyped-def]
    with translation.override("vi"):  # the form as typed on a Vietnamese page
        return save_report_values(
            actor=user, data_set=catalogue.monthly, org_unit=unit, period=period, entries=entries
        )


def test_a_reporter_saves_the_form_in_vietnamese_number_format(catalogue, users, own_unit):
    summary = _save(users[Role.UNIT_REPORTER], catalogue, own_unit, _entries(catalogue))
    assert (summary.imported, summary.conflicts) == (2, [])
    female = DataValue.objects.get(option__code="FEMALE")
    assert (female.value, female.version, female.comment) == (1234, 1, "Lớp tập huấn")
    assert AuditEntry.objects.filter(content_type__model="datavalue").count() == 2
    assert Submission.objects.get().status == "draft"


def test_a_second_save_from_a_stale_form_is_a_conflict_and_loses_nothing(
    catalogue, users, own_unit
):
    # given: two people opened the empty form; the first saves 3
    reporter, staff = users[Role.UNIT_REPORTER], users[Role.CENTER_STAFF]
    _save(reporter, catalogue, own_unit, _entries(catalogue))
    # when: the second saves 5 from the form they opened before
    summary = _save(staff, catalogue, own_unit, _entries(catalogue, startups="5", female="1.234"))
    # then
    assert [(c.field, c.message) for c in summary.conflicts] == [
        ("STARTUPS.default", "Đã có người lưu giá trị này (hiện là 3) sau khi bạn mở biểu mẫu."),
        ("TRAINEES.FEMALE", "Đã có người lưu giá trị này (hiện là 1234) sau khi bạn mở biểu mẫu."),
    ]
    assert DataValue.objects.get(data_element__code="STARTUPS").value == 3


def test_saving_with_the_current_version_updates(catalogue, users, own_unit):
    _save(users[Role.UNIT_REPORTER], catalogue, own_unit, _entries(catalogue))
    default = CategoryOption.objects.get(code="default")
    entry = FormEntry(catalogue.startups, default, "4", version=1)
    summary = _save(users[Role.UNIT_REPORTER], catalogue, own_unit, [entry])
    assert (summary.updated, summary.conflicts) == (1, [])
    assert DataValue.objects.get(data_element__code="STARTUPS").version == 2


def test_a_bad_cell_saves_nothing(catalogue, users, own_unit):
    summary = _save(
        users[Role.UNIT_REPORTER], catalogue, own_unit, _entries(catalogue, female="-2")
    )
    assert [c.field for c in summary.conflicts] == ["TRAINEES.FEMALE"]
    assert DataValue.objects.count() == 0


def test_a_reporter_cannot_fill_another_units_form(catalogue, users, other_unit):
    with pytest.raises(PermissionDenied):
        _save(users[Role.UNIT_REPORTER], catalogue, other_unit, _entries(catalogue))
    assert DataValue.objects.count() == 0


def test_a_period_of_the_wrong_type_is_refused(catalogue, users, own_unit):
    with pytest.raises(ValidationError) as raised:
        _save(users[Role.UNIT_REPORTER], catalogue, own_unit, _entries(catalogue), period="2026")
    assert list(raised.value.message_dict) == ["period"]


def test_the_whole_workflow(catalogue, users, own_unit):
    reporter, staff = users[Role.UNIT_REPORTER], users[Role.CENTER_STAFF]
    _save(reporter, catalogue, own_unit, _entries(catalogue))
    submission = Submission.objects.get()
    # submitted: closed to the reporter
    submit_report(actor=reporter, submission=submission)
    with pytest.raises(ValidationError, match="đã gửi"):
        _save(reporter, catalogue, own_unit, _entries(catalogue, startups="9", version=1))
    # returned with a reason: open again
    with pytest.raises(ValidationError):
        return_report(actor=staff, submission=submission, reason=" ")
    return_report(actor=staff, submission=submission, reason="Thiếu số liệu nữ")
    assert (submission.status, submission.return_reason) == ("returned", "Thiếu số liệu nữ")
    submit_report(actor=reporter, submission=submission)
    # approved: locked for everyone, imports included
    approve_report(actor=staff, submission=submission)
    with pytest.raises(ValidationError, match="đã phê duyệt"):
        _save(staff, catalogue, own_unit, _entries(catalogue, startups="9", version=1))
    raw = RawValue(1, "STARTUPS", "202601", own_unit.code, "", "9")
    assert import_data_values(actor=staff, values=[raw]).conflicts[0].field == "period"
    # unlocked, audited
    unlock_report(actor=staff, submission=submission, reason="Sửa sai số liệu")
    assert submission.status == "returned"
    statuses = [
        e.changes["status"]
        for e in AuditEntry.objects.filter(content_type__model="submission").order_by("id")
    ]
    assert statuses == [
        ["draft", "submitted"],
        ["submitted", "returned"],
        ["returned", "submitted"],
        ["submitted", "approved"],
        ["approved", "returned"],
    ]


@pytest.mark.parametrize("role", [Role.LEADER, Role.ENTERPRISE, Role.UNIT_REPORTER])
def test_only_the_center_approves(catalogue, users, own_unit, role):
    submission = submission_for(catalogue.monthly, own_unit, parse_period("202601"))
    submit_report(actor=users[Role.UNIT_REPORTER], submission=submission)
    with pytest.raises(PermissionDenied):
        approve_report(actor=users[role], submission=submission)
    submission.refresh_from_db()
    assert submission.status == "submitted"
