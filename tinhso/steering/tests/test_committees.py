"""Steering committees as a monitoring indicator: counted by kind and year from the register,
written through the audited import, idempotent, and never over an approved report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.catalogue.spec import Facts
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.dhis2.analytics import answer, parse_query
from tinhso.monitoring.models import DataImport, DataSet, DataValue, Submission
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import committees, services
from tinhso.steering.committees import CommitteeCounts, count_committees
from tinhso.steering.models import SteeringCommittee

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
D = dt.date
COMMAND = "tinhso.steering.management.commands.sync_committee_indicator"
# Stored in the site's language (Vietnamese), whatever the language of the request.
COMMENT = "Tổng hợp từ danh sách Ban Chỉ đạo: các Ban Chỉ đạo có quyết định thành lập đến ngày %s."


@pytest.fixture
def province(lai_chau: OrgUnit, monkeypatch: pytest.MonkeyPatch) -> OrgUnit:
    """Lai Châu with its agencies and the Res-57 catalogue, without the 2025 facts."""
    monkeypatch.setattr("tinhso.steering.committees.local_date", lambda: TODAY)
    monkeypatch.setattr(f"{COMMAND}.local_date", lambda: TODAY)
    orgunits_demo.load()
    load_catalogue(actor=SYSTEM, facts=Facts(province="00", period="2025", source="", facts=()))
    return lai_chau


def _committee(code: str, decided: dt.date) -> SteeringCommittee:
    return SteeringCommittee.objects.create(
        org_unit=OrgUnit.objects.get(code=code), decision_number=f"1/QĐ-{code}",
        decision_date=decided, head="Chủ tịch",
    )  # fmt: skip


def _record(actor: Any, code: str, decided: dt.date) -> SteeringCommittee:
    return services.record_steering_committee(
        actor=actor, org_unit=OrgUnit.objects.get(code=code), decision_number=f"1/QĐ-{code}",
        decision_date=decided, head="Chủ tịch",
    )  # fmt: skip


def _values(period: str) -> dict[str, tuple[Decimal, str, int]]:
    rows = DataValue.objects.filter(
        org_unit__code="12", period=period, data_element__code__startswith="STEERING_COMMITTEES"
    )
    return {v.data_element.code: (v.value, v.comment, v.version) for v in rows}


def test_committees_are_counted_by_kind_and_by_the_end_of_each_year(province):
    # given
    _committee("12.SNV", D(2025, 3, 10))  # agency, 2025
    _committee("12.SYT", D(2026, 2, 1))  # agency, 2026
    _committee("12.TTDMST", D(2025, 5, 1))  # the center: neither an agency nor a locality
    _committee("03388", D(2025, 7, 15))  # ward, 2025
    _committee("03390", D(2025, 12, 31))  # commune, the last day of 2025
    _committee("03394", D(2026, 11, 25))  # commune, tomorrow
    ended = _committee("03405", D(2025, 8, 1))
    OrgUnit.objects.filter(pk=ended.org_unit_id).update(valid_to=D(2026, 6, 30))
    # when / then
    count = count_committees
    assert count(province=province, year=2024, today=TODAY) == CommitteeCounts(
        D(2024, 12, 31), 0, 0
    )
    assert count(province=province, year=2025, today=TODAY) == CommitteeCounts(
        D(2025, 12, 31), 1, 3
    )
    # The current year counts to today: tomorrow's decision is not in, the ended commune is out.
    assert count(province=province, year=2026, today=TODAY) == CommitteeCounts(TODAY, 2, 2)
    assert count(province=province, year=2026, today=D(2026, 1, 5)) == CommitteeCounts(
        D(2026, 1, 5), 1, 3
    )
    with pytest.raises(ValidationError) as error:
        count(province=province, year=2027, today=TODAY)
    assert error.value.message_dict == {"year": ["The year 2027 has not begun."]}


def test_recording_a_committee_writes_the_values_of_its_year_and_of_the_years_after(
    province, users
):
    # given
    staff = users[Role.CENTER_STAFF]
    # when
    _record(staff, "12.SNV", D(2025, 3, 10))
    _record(staff, "03388", D(2025, 7, 15))
    # then
    assert _values("2025") == {
        "STEERING_COMMITTEES_AGENCIES": (Decimal(1), COMMENT % "31/12/2025", 1),
        "STEERING_COMMITTEES_LOCALITIES": (Decimal(1), COMMENT % "31/12/2025", 1),
    }
    assert _values("2026") == {
        "STEERING_COMMITTEES_AGENCIES": (Decimal(1), COMMENT % "24/11/2026", 1),
        "STEERING_COMMITTEES_LOCALITIES": (Decimal(1), COMMENT % "24/11/2026", 1),
    }
    stored = DataValue.objects.filter(data_element__code="STEERING_COMMITTEES_AGENCIES")
    assert set(stored.values_list("stored_by", "period_type")) == {(staff.pk, "yearly")}
    # Audited as monitoring audits an import: one DataImport and one entry per write.
    logs = DataImport.objects.filter(source="steering_committees").order_by("pk")
    assert [(log.imported, log.updated, log.actor_id) for log in logs] == [
        (1, 0, staff.pk), (1, 0, staff.pk), (1, 0, staff.pk), (1, 0, staff.pk),
    ]  # fmt: skip
    entries = AuditEntry.objects.filter(content_type__model="dataimport", actor=staff)
    assert entries.count() == 4


def test_the_analytics_api_answers_the_counted_value(province, users):
    # given
    staff = users[Role.CENTER_STAFF]
    for code in ("12.SNV", "12.STC", "12.SYT"):
        _record(staff, code, D(2025, 4, 1))
    for code in ("03388", "03390"):
        _record(staff, code, D(2025, 7, 20))
    # when
    query = parse_query(
        ["dx:STEERING_COMMITTEES_AGENCIES;STEERING_COMMITTEES_LOCALITIES", "pe:2025"], ["ou:12"]
    )
    body = answer(query, user=users[Role.LEADER], today=TODAY)
    # then
    assert sorted(body["rows"]) == [
        ["STEERING_COMMITTEES_AGENCIES", "2025", "3"],
        ["STEERING_COMMITTEES_LOCALITIES", "2025", "2"],
    ]


def test_the_same_counts_write_nothing_and_audit_nothing(province, users):
    # given
    staff = users[Role.CENTER_STAFF]
    committee = _record(staff, "03388", D(2025, 7, 15))
    values, logs, entries = _values("2025"), DataImport.objects.count(), AuditEntry.objects.count()
    # when: the command, and a change that does not move the decision out of its year
    call_command("sync_committee_indicator", stdout=io.StringIO())
    services.update_steering_committee(actor=staff, committee=committee, head="Chủ tịch UBND")
    services.update_steering_committee(
        actor=staff, committee=committee, decision_date=D(2025, 8, 1)
    )
    # then: only the two committee updates are audited
    assert _values("2025") == values
    assert DataImport.objects.count() == logs
    assert AuditEntry.objects.count() == entries + 2


def test_moving_a_decision_to_the_next_year_counts_both_years_again(province, users):
    # given
    staff = users[Role.CENTER_STAFF]
    _record(staff, "03390", D(2025, 7, 15))
    committee = _record(staff, "03388", D(2025, 7, 15))
    # when
    services.update_steering_committee(
        actor=staff, committee=committee, decision_date=D(2026, 1, 10)
    )
    # then
    assert _values("2025")["STEERING_COMMITTEES_LOCALITIES"] == (
        Decimal(1), COMMENT % "31/12/2025", 3,
    )  # fmt: skip
    assert _values("2026")["STEERING_COMMITTEES_LOCALITIES"][:2] == (
        Decimal(2), COMMENT % "24/11/2026",
    )  # fmt: skip


def test_an_approved_report_keeps_its_value(province, users):
    # given: the province's 2025 report holds 11 and 38 and is approved
    staff = users[Role.CENTER_STAFF]
    yearly = DataSet.objects.get(code="PROVINCE_YEARLY")
    _record(staff, "12.SNV", D(2025, 3, 10))
    _record(staff, "03388", D(2025, 7, 15))
    DataValue.objects.filter(
        period="2025", data_element__code="STEERING_COMMITTEES_AGENCIES"
    ).update(value=Decimal(11), comment="Sơ kết 11/8/2025")
    Submission.objects.create(
        data_set=yearly, org_unit=province, period="2025", status=SubmissionStatus.APPROVED
    )
    logs = DataImport.objects.count()
    # when: one more committee in 2025
    _record(staff, "03390", D(2025, 9, 1))
    summary = committees.sync_committee_indicator(
        actor=SYSTEM, year=2025, province=province, today=TODAY
    )
    # then: 2025 is untouched; 2026, open, is brought up to date
    assert _values("2025") == {
        "STEERING_COMMITTEES_AGENCIES": (Decimal(11), "Sơ kết 11/8/2025", 1),
        "STEERING_COMMITTEES_LOCALITIES": (Decimal(1), COMMENT % "31/12/2025", 1),
    }
    assert (summary.locked, summary.unchanged, summary.written) == (
        ["STEERING_COMMITTEES_AGENCIES", "STEERING_COMMITTEES_LOCALITIES"], [], [],
    )  # fmt: skip
    assert summary.lines()[1] == (
        "  kept, in an approved report (unlock it and run again): "
        "STEERING_COMMITTEES_AGENCIES, STEERING_COMMITTEES_LOCALITIES"
    )
    assert _values("2026")["STEERING_COMMITTEES_LOCALITIES"][0] == Decimal(2)
    assert DataImport.objects.count() == logs + 1


def test_without_the_catalogue_nothing_is_written(lai_chau, users, monkeypatch):
    # given: the steering module on its own
    monkeypatch.setattr("tinhso.steering.committees.local_date", lambda: TODAY)
    # when
    _record(users[Role.CENTER_STAFF], "03388", D(2025, 7, 15))
    summary = committees.sync_committee_indicator(
        actor=SYSTEM, year=2025, province=lai_chau, today=TODAY
    )
    # then
    assert summary.missing == ["STEERING_COMMITTEES_AGENCIES", "STEERING_COMMITTEES_LOCALITIES"]
    assert summary.lines()[1] == (
        "  not in the province's yearly report (load the catalogue): "
        "STEERING_COMMITTEES_AGENCIES, STEERING_COMMITTEES_LOCALITIES"
    )
    assert not DataValue.objects.exists()
    assert not DataImport.objects.exists()


def test_deferred_sync_counts_once_at_the_end(province, users):
    # given
    staff = users[Role.CENTER_STAFF]
    # when
    with committees.deferred_sync(staff):
        for code in ("03388", "03390", "03394"):
            _record(staff, code, D(2025, 7, 15))
        assert not DataValue.objects.exists()
    # then
    assert _values("2025")["STEERING_COMMITTEES_LOCALITIES"] == (
        Decimal(3), COMMENT % "31/12/2025", 1,
    )  # fmt: skip
    assert DataImport.objects.filter(source="steering_committees").count() == 2  # 2025, 2026


def test_the_command_counts_every_year_or_the_one_asked(province):
    # given: committees recorded without their sync
    _committee("12.SNV", D(2025, 3, 10))
    _committee("03388", D(2026, 7, 15))
    # when
    out = io.StringIO()
    call_command("sync_committee_indicator", "--year", "2025", stdout=out)
    # then
    assert out.getvalue() == (
        "Steering committees 12 2025 (to 31/12/2025): 1 agencies, 0 communes/wards; "
        "written: STEERING_COMMITTEES_AGENCIES\n"
    )
    assert set(_values("2025")) == {"STEERING_COMMITTEES_AGENCIES"}
    assert _values("2026") == {}
    # when
    out = io.StringIO()
    call_command("sync_committee_indicator", stdout=out)
    # then
    assert out.getvalue() == (
        "Steering committees 12 2025 (to 31/12/2025): 1 agencies, 0 communes/wards; "
        "written: none\n"
        "Steering committees 12 2026 (to 24/11/2026): 1 agencies, 1 communes/wards; "
        "written: STEERING_COMMITTEES_AGENCIES, STEERING_COMMITTEES_LOCALITIES\n"
    )


def test_the_command_refuses_a_year_not_begun(province):
    with pytest.raises(CommandError, match=r"^The year 2099 has not begun\.$"):
        call_command("sync_committee_indicator", "--year", "2099", stdout=io.StringIO())
