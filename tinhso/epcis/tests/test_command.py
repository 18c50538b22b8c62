"""python manage.py epcis_capture: the same capture as the API, for the center or an enterprise
named by GLN or tax code; a summary when stored, every error and status 1 when rejected."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.audit.models import AuditEntry
from tinhso.epcis.choices import JobSource, JobStatus
from tinhso.epcis.models import CaptureJob, Event
from tinhso.epcis.tests.conftest import document, object_event
from tinhso.epcis.validation import event_hash_id
from tinhso.traceability.models import Enterprise

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "events.jsonld"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return path


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("epcis_capture", *args, "--language", "en", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_without_owner_the_center_owns_the_events(tmp_path: Path) -> None:
    # given
    events = [object_event(serials=[1]), object_event(serials=[2])]
    path = _file(tmp_path, document(*events))

    # when
    out, err = _run(str(path))

    # then
    job = CaptureJob.objects.get()
    assert out == (
        f"Captured 2 events for the center: 2 stored, 0 already stored (capture job {job.pk}).\n"
    )
    assert err == ""
    assert (job.source, job.status, job.created_by) == (JobSource.COMMAND, JobStatus.SUCCESS, None)
    stored: list[tuple[str, Any]] = sorted(Event.objects.values_list("event_id", "owner"))
    assert stored == sorted((event_hash_id(e), None) for e in events)
    assert AuditEntry.objects.get(object_id=str(job.pk)).actor_name == "system"


@pytest.mark.parametrize("key", ["6200123456", "8934567000000"])
def test_the_owner_is_named_by_tax_code_or_gln(
    tmp_path: Path, enterprise: Enterprise, key: str
) -> None:
    Enterprise.objects.filter(pk=enterprise.pk).update(gln="8934567000000")
    path = _file(tmp_path, document(object_event()))

    out, _err = _run(str(path), "--owner", key)

    assert out.startswith("Captured 1 event for HTX Chè Tân Uyên: 1 stored")
    assert Event.objects.get().owner == enterprise


def test_capturing_the_same_file_again_stores_nothing_new(tmp_path: Path) -> None:
    path = _file(tmp_path, document(object_event()))
    _run(str(path))

    out, _err = _run(str(path))

    assert ": 0 stored, 1 already stored" in out
    assert Event.objects.count() == 1


def test_a_rejected_document_prints_every_error_and_exits_non_zero(tmp_path: Path) -> None:
    # given: the second event has an unknown action, the third no eventTime
    third = object_event(serials=[3])
    del third["eventTime"]
    doc = document(object_event(serials=[1]), object_event(serials=[2], action="CREATE"), third)
    path = _file(tmp_path, doc)
    err = StringIO()

    # when
    with pytest.raises(CommandError) as raised:
        call_command("epcis_capture", str(path), "--language", "en", stdout=StringIO(), stderr=err)

    # then
    job = CaptureJob.objects.get()
    assert str(raised.value) == (f"Rejected: 2 errors; nothing was stored (capture job {job.pk}).")
    assert err.getvalue().splitlines() == [
        "event 1 epcisBody.eventList[1].action: Must be ADD, OBSERVE or DELETE.",
        "event 2 epcisBody.eventList[2].eventTime: This field is required.",
    ]
    assert Event.objects.count() == 0


def test_a_document_error_has_no_event(tmp_path: Path) -> None:
    doc = document(object_event())
    del doc["@context"]
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("epcis_capture", str(_file(tmp_path, doc)), "--language", "en", stderr=err)

    assert err.getvalue() == "@context: This field is required.\n"


@pytest.mark.parametrize(
    ("content", "owner", "message"),
    [
        ("{not json", None, "is not JSON"),
        ('{"a": Infinity}', None, "is not JSON: Infinity is not a JSON value"),
        (None, None, "Cannot read"),
        ("{}", "0000000000", "No enterprise has the GLN or tax code 0000000000."),
    ],
)
def test_what_is_not_a_document_or_no_owner_is_refused_before_any_job(
    tmp_path: Path, content: str | None, owner: str | None, message: str
) -> None:
    path = _file(tmp_path, content) if content is not None else tmp_path / "missing.json"
    args = [str(path), *(["--owner", owner] if owner else [])]

    with pytest.raises(CommandError) as raised:
        _run(*args)

    assert message in str(raised.value)
    assert CaptureJob.objects.count() == 0


def test_the_command_exits_with_status_1_when_rejected(tmp_path: Path) -> None:
    from django.core.management import ManagementUtility

    path = _file(tmp_path, document(object_event(action="CREATE")))
    utility = ManagementUtility(["manage.py", "epcis_capture", str(path), "--language", "en"])

    with pytest.raises(SystemExit) as exited:
        utility.execute()

    assert exited.value.code == 1
