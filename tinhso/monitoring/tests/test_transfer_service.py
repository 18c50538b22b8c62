"""The import service's progress reports, and the record a background import leaves."""

import json

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.monitoring import services
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.models import DataImport
from tinhso.monitoring.services import import_data_values, import_file, keep_import_result


def _values(count: int) -> list[RawValue]:
    return [
        RawValue(row, "STARTUPS", f"2026{row:02d}", "03388", "", str(row))
        for row in range(1, count + 1)
    ]


def test_progress_is_reported_while_checking_and_before_writing(catalogue, monkeypatch):
    # given
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    heard: list[tuple[int, int, str]] = []
    # when
    summary = import_data_values(
        actor=SYSTEM, values=_values(5), progress=lambda *step: heard.append(step)
    )
    # then
    assert summary.imported == 5
    assert heard == [
        (0, 5, "Checking values"), (2, 5, "Checking values"), (4, 5, "Checking values"),
        (5, 5, "Writing values"),
    ]  # fmt: skip


def test_a_dry_run_compares_rather_than_writes(catalogue):
    heard: list[tuple[int, int, str]] = []
    import_data_values(
        actor=SYSTEM, values=_values(1), dry_run=True, progress=lambda *s: heard.append(s)
    )
    assert heard == [(0, 1, "Checking values"), (1, 1, "Comparing values")]


def test_the_outcome_of_a_check_is_kept_without_an_audit_entry(catalogue):
    # given
    document = {"dataValues": [{"dataElement": "NOPE", "period": "202601", "orgUnit": "03388"}]}
    summary = import_file(actor=SYSTEM, data=json.dumps(document).encode(), file_format="json")
    audited = AuditEntry.objects.count()
    # when
    log = keep_import_result(actor=SYSTEM, summary=summary, source="a.json", file_format="json")
    # then
    assert (log.dry_run, log.imported, log.source, log.actor_name) == (False, 0, "a.json", "system")
    assert log.conflicts == [
        {"row": 1, "field": "dataElement", "message": "No data element has the code “NOPE”."}
    ]
    assert AuditEntry.objects.count() == audited


def test_a_real_import_keeps_the_record_it_wrote(catalogue):
    summary = import_data_values(actor=SYSTEM, values=_values(2))
    log = keep_import_result(actor=SYSTEM, summary=summary, source="", file_format="json")
    assert (DataImport.objects.get(), log.imported) == (log, 2)


def test_very_many_conflicts_are_kept_in_part(catalogue, monkeypatch):
    monkeypatch.setattr(services, "MAX_LOGGED_CONFLICTS", 2)
    summary = import_data_values(
        actor=SYSTEM, values=[RawValue(r, "NOPE", "202601", "03388", "", "1") for r in (1, 2, 3)]
    )
    log = keep_import_result(actor=SYSTEM, summary=summary, source="", file_format="json")
    assert [c["row"] for c in log.conflicts] == [1, 2, 0]
    assert log.conflicts[-1]["message"] == "1 more conflict is not shown."
