"""Importing dataValueSets: all or nothing, idempotent, dry run first, per-row conflicts."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring.dhis2.datavaluesets import parse_csv, parse_json
from tinhso.monitoring.models import DataImport, DataValue
from tinhso.monitoring.services import import_data_values

DOCUMENT = {
    "dataValues": [
        {"dataElement": "STARTUPS", "period": "202601", "orgUnit": "03388", "value": "3"},
        {
            "dataElement": "TRAINEES",
            "period": "202601",
            "orgUnit": "03388",
            "categoryOptionCombo": "FEMALE",
            "value": "40",
        },
        {
            "dataElement": "TRAINEES",
            "period": "202601",
            "orgUnit": "03388",
            "categoryOptionCombo": "MALE",
            "value": "35",
            "comment": "Lớp tại nhà văn hóa",
        },
        {"dataElement": "ONLINE_RATE", "period": "2025", "orgUnit": "03390", "value": "87.5"},
    ]
}


def _import(document, **kwargs):  # type: ignore[no-untyped-def]
    values, errors = parse_json(json.dumps(document).encode())
    assert errors == []
    return import_data_values(actor=kwargs.pop("actor", SYSTEM), values=values, **kwargs)


def _state():  # type: ignore[no-untyped-def]
    return (
        list(DataValue.objects.values().order_by("pk")),
        DataImport.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_document_is_imported_with_its_disaggregations(catalogue):
    # when
    summary = _import(DOCUMENT)
    # then
    assert (summary.imported, summary.updated, summary.ignored, summary.conflicts) == (4, 0, 0, [])
    female = DataValue.objects.get(data_element__code="TRAINEES", option__code="FEMALE")
    assert (
        str(female.value),
        female.period_type,
        str(female.period_start),
        str(female.period_end),
    ) == ("40.000000", "monthly", "2026-01-01", "2026-01-31")
    assert DataValue.objects.get(option__code="MALE").comment == "Lớp tại nhà văn hóa"
    assert DataValue.objects.get(data_element__code="STARTUPS").option.code == "default"
    log = DataImport.objects.get()
    assert (log.imported, log.actor_name) == (4, "system")
    assert AuditEntry.objects.get(content_type__model="dataimport").changes == {
        "imported": [None, 4],
        "updated": [None, 0],
        "ignored": [None, 0],
    }


def test_the_same_document_twice_changes_nothing(catalogue):
    _import(DOCUMENT)
    before = list(DataValue.objects.values().order_by("pk"))
    summary = _import(DOCUMENT)
    assert (summary.imported, summary.updated, summary.ignored) == (0, 0, 4)
    assert list(DataValue.objects.values().order_by("pk")) == before


def test_a_changed_value_is_updated_and_its_version_raised(catalogue):
    _import(DOCUMENT)
    changed = json.loads(json.dumps(DOCUMENT))
    changed["dataValues"][0]["value"] = "5"
    summary = _import(changed)
    assert (summary.imported, summary.updated, summary.ignored) == (0, 1, 3)
    value = DataValue.objects.get(data_element__code="STARTUPS")
    assert (value.value, value.version) == (5, 2)


def test_a_dry_run_reports_and_writes_nothing(catalogue):
    before = _state()
    summary = _import(DOCUMENT, dry_run=True)
    assert (summary.dry_run, summary.imported) == (True, 4)
    assert _state() == before


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"dataElement": "NOPE"}, "dataElement", "NOPE"),
        ({"orgUnit": "99999"}, "orgUnit", "99999"),
        ({"period": "2026Q5"}, "period", "2026Q5"),
        ({"period": "2026"}, "period", "does not report"),
        ({"value": "ba"}, "value", "not a number"),
        ({"value": "-1"}, "value", "Zero or a positive"),
        ({"value": "1.5"}, "value", "whole number"),
        ({"categoryOptionCombo": "OTHER"}, "categoryOptionCombo", "OTHER"),
        ({"orgUnit": "12"}, "period", "does not report"),
    ],
)
def test_a_bad_row_is_a_conflict_naming_row_and_field_and_nothing_is_written(
    catalogue, change, field, fragment
):
    # given: the bad row is the last of four good ones
    document = json.loads(json.dumps(DOCUMENT))
    document["dataValues"].append({**document["dataValues"][0], "period": "202602", **change})
    before = _state()
    # when
    summary = _import(document)
    # then
    assert [(c.row, c.field) for c in summary.conflicts] == [(5, field)]
    assert fragment in summary.conflicts[0].message
    assert _state() == before


def test_a_value_twice_in_one_file_is_a_conflict(catalogue):
    document = {
        "dataValues": [DOCUMENT["dataValues"][0], {**DOCUMENT["dataValues"][0], "value": "9"}]
    }
    summary = _import(document)
    assert [(c.row, c.field, c.message) for c in summary.conflicts] == [
        (2, "value", "The same value is also on row 1.")
    ]


def test_a_reporter_imports_only_for_their_unit(catalogue, users):
    summary = _import(DOCUMENT, actor=users[Role.UNIT_REPORTER])
    assert [(c.row, c.field) for c in summary.conflicts] == [(4, "orgUnit")]
    assert DataValue.objects.count() == 0


def test_csv_in_dhis2_columns(catalogue):
    data = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        "STARTUPS,202603,03388,,,7,,,,false\n"
        "TRAINEES,202603,03388,FEMALE,,12,,,Tập huấn,false\n"
    ).encode()
    values, errors = parse_csv(data)
    summary = import_data_values(actor=SYSTEM, values=values, file_format="csv")
    assert (errors, summary.imported) == ([], 2)


def test_the_command_prints_the_summary_and_fails_on_conflicts(catalogue, tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(DOCUMENT))
    bad.write_text(json.dumps({"dataValues": [{**DOCUMENT["dataValues"][0], "value": "x"}]}))
    call_command("import_datavalues", str(good), "--dry-run")
    assert capsys.readouterr().out == "dry run: imported 4, updated 0, ignored 0, conflicts 0\n"
    assert DataValue.objects.count() == 0
    with pytest.raises(CommandError, match="1 conflict"):
        call_command("import_datavalues", str(bad))
    assert "row 1, value: “x” is not a number." in capsys.readouterr().err
