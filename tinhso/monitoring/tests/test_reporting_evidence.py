"""Evidence files beside reported values, and saving-and-submitting as one step (the services)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import state_of
from tinhso.monitoring import reports
from tinhso.monitoring.models import CategoryOption, DataValue, Submission
from tinhso.monitoring.reports import FormEntry, check_evidence

PDF = b"%PDF-1.4\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8
ZIP = b"PK\x03\x04" + b"\0" * 8


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", PDF), ("anh.PNG", b"\x89PNG\r\n\x1a\n\0"),
        ("anh.jpg", b"\xff\xd8\xff\xe0"), ("anh.jpeg", b"\xff\xd8\xff\xdb"),
        ("cu.doc", OLE), ("cu.xls", OLE), ("cu.ppt", OLE),
        ("moi.docx", ZIP), ("moi.xlsx", ZIP), ("moi.pptx", ZIP), ("mo.odt", ZIP), ("mo.ods", ZIP),
        ("mo.odp", ZIP),
    ],
)  # fmt: skip
def test_allowed_evidence(name, content):
    check_evidence(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "x.html",
            b"<html>",
            "Evidence must be a PDF, a PNG or JPEG image, or an Office document.",
        ),
        ("x", PDF, "Evidence must be a PDF, a PNG or JPEG image, or an Office document."),
        ("x.svg", b"<svg>", "Evidence must be a PDF, a PNG or JPEG image, or an Office document."),
        ("x.pdf", b"MZ\x90\0", "The file's content is not a PDF file."),
        ("x.docx", PDF, "The file's content is not a DOCX file."),
        ("x.png", b"", "The file's content is not a PNG file."),
    ],
)
def test_refused_evidence(name, content, message):
    with pytest.raises(ValueError) as raised:
        check_evidence(SimpleUploadedFile(name, content))
    assert str(raised.value) == message


def test_the_size_limit_can_be_set(monkeypatch):
    monkeypatch.setattr(reports, "EVIDENCE_MAX_BYTES", 2**20)
    check_evidence(SimpleUploadedFile("ok.pdf", PDF + b"0" * (2**20 - len(PDF))))
    with pytest.raises(ValueError, match="larger than 1 MB"):
        check_evidence(SimpleUploadedFile("big.pdf", PDF + b"0" * 2**20))


def _value_audit():  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(content_type__model="datavalue").order_by("id")


def _options():  # type: ignore[no-untyped-def]
    return {o.code: o for o in CategoryOption.objects.all()}


def _save(user, catalogue, unit, entries):  # type: ignore[no-untyped-def]
    return reports.save_report_values(
        actor=user, data_set=catalogue.monthly, org_unit=unit, period="202601", entries=entries
    )


def test_one_file_for_an_elements_values_is_stored_once_and_audited(users, catalogue, own_unit):
    # given
    options, upload = _options(), SimpleUploadedFile("danh sach.pdf", PDF)
    entries = [
        FormEntry(catalogue.trainees, options["FEMALE"], "4", evidence=upload),
        FormEntry(catalogue.trainees, options["MALE"], "5", evidence=upload),
    ]
    # when
    summary = _save(users[Role.UNIT_REPORTER], catalogue, own_unit, entries)
    # then
    assert (summary.imported, summary.conflicts) == (2, [])
    [name] = {v.evidence.name for v in DataValue.objects.all()}
    assert name.startswith("evidence/") and name.endswith("danh_sach.pdf")
    with DataValue.objects.first().evidence.open("rb") as stored:
        assert stored.read() == PDF
    audited = {e.changes["evidence"][1] for e in _value_audit()}
    assert audited == {name}


def test_a_new_file_replaces_the_link_and_keeps_the_old_file(users, catalogue, own_unit):
    # given
    reporter, default = users[Role.UNIT_REPORTER], _options()["default"]
    first = FormEntry(catalogue.startups, default, "3", evidence=SimpleUploadedFile("a.pdf", PDF))
    _save(reporter, catalogue, own_unit, [first])
    old = DataValue.objects.get().evidence.name
    # when: the same value, a new file
    second = FormEntry(
        catalogue.startups, default, "3", version=1, evidence=SimpleUploadedFile("b.pdf", PDF)
    )
    summary = _save(reporter, catalogue, own_unit, [second])
    # then
    value = DataValue.objects.get()
    assert (summary.updated, value.version, value.evidence.name.endswith("b.pdf")) == (1, 2, True)
    assert value.evidence.storage.exists(old)
    change = _value_audit().last().changes
    assert change == {"evidence": [old, value.evidence.name]}


def test_a_refused_file_or_a_file_without_a_value_saves_nothing(users, catalogue, own_unit):
    options = _options()
    pdf, exe = SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.exe", b"MZ")
    entries = [
        FormEntry(catalogue.startups, options["default"], "3"),
        FormEntry(catalogue.trainees, options["FEMALE"], "", evidence=pdf),
        FormEntry(catalogue.trainees, options["MALE"], "2", evidence=exe),
    ]
    summary = _save(users[Role.UNIT_REPORTER], catalogue, own_unit, entries)
    assert [(c.field, c.message) for c in summary.conflicts] == [
        (
            "TRAINEES.evidence",
            "Evidence must be a PDF, a PNG or JPEG image, or an Office document.",
        ),
        ("TRAINEES.evidence", "Enter a value to keep the evidence with."),
    ]
    assert DataValue.objects.count() == 0


def test_save_and_submit_in_one_step(users, catalogue, own_unit):
    reporter = users[Role.UNIT_REPORTER]
    entry = FormEntry(catalogue.startups, _options()["default"], "3")
    summary, submission = reports.save_and_submit_report(
        actor=reporter, data_set=catalogue.monthly, org_unit=own_unit, period="202601",
        entries=[entry],
    )  # fmt: skip
    assert summary.imported == 1
    assert (submission.status, submission.submitted_by) == ("submitted", reporter)


def test_a_refused_submission_takes_the_saved_values_back(users, catalogue, own_unit):
    # given: a submitted report; the center may still correct it, but not submit it again
    staff = users[Role.CENTER_STAFF]
    submission = reports.submission_for(catalogue.monthly, own_unit, reports.parse_period("202601"))
    reports.submit_report(actor=users[Role.UNIT_REPORTER], submission=submission)
    before = state_of(DataValue.objects.all(), Submission.objects.all(), AuditEntry.objects.all())
    entry = FormEntry(catalogue.startups, _options()["default"], "3")
    # when
    with pytest.raises(ValidationError):
        reports.save_and_submit_report(
            actor=staff, data_set=catalogue.monthly, org_unit=own_unit, period="202601",
            entries=[entry],
        )  # fmt: skip
    # then
    after = state_of(DataValue.objects.all(), Submission.objects.all(), AuditEntry.objects.all())
    assert after == before


def test_a_conflict_submits_nothing(users, catalogue, own_unit):
    reporter, default = users[Role.UNIT_REPORTER], _options()["default"]
    _save(reporter, catalogue, own_unit, [FormEntry(catalogue.startups, default, "3")])
    summary, submission = reports.save_and_submit_report(
        actor=reporter, data_set=catalogue.monthly, org_unit=own_unit, period="202601",
        entries=[FormEntry(catalogue.startups, default, "4")],
    )  # fmt: skip
    assert (len(summary.conflicts), submission) == (1, None)
    assert Submission.objects.get().status == "draft"
