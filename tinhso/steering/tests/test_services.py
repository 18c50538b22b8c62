"""The steering services: validation naming the field, nothing half-written, audit entries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.steering import services
from tinhso.steering.choices import Recurrence, Review, TaskLevel
from tinhso.steering.models import Directive, ExtensionRequest, ProgressReport, Task

PDF = b"%PDF-1.4\n%test\n"


def _pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _entries(obj: Model) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type__model=obj._meta.model_name, object_id=str(obj.pk)
        ).order_by("pk")
    )


def test_create_directive_with_attachment_is_audited(users):  # type: ignore[no-untyped-def]
    # when
    directive = services.create_directive(
        actor=users[Role.CENTER_STAFF], number="45/KH-UBND", date=dt.date(2025, 2, 20),
        issuing_body="UBND tỉnh Lai Châu", type="plan", attachment=_pdf("kh45.pdf"),
    )  # fmt: skip
    # then
    name = directive.attachment.name or ""
    assert name.startswith("steering/directives/")
    assert name.endswith(".pdf")
    [entry] = _entries(directive)
    assert entry.action == "create"
    assert entry.actor == users[Role.CENTER_STAFF]
    assert entry.changes["number"] == [None, "45/KH-UBND"]
    assert entry.changes["attachment"] == [None, directive.attachment.name]


def test_directive_number_and_date_are_unique(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.create_directive(
            actor=users[Role.CENTER_STAFF], number="01-KH/BCĐ", date=dt.date(2025, 3, 1),
            issuing_body="Ban Chỉ đạo", type="plan",
        )  # fmt: skip
    assert caught.value.message_dict == {
        "number": ["A directive with this number and date is already recorded."]
    }
    assert Directive.objects.count() == 1


def test_directive_attachment_must_be_a_document(users):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.create_directive(
            actor=users[Role.CENTER_STAFF], number="1/CV", date=dt.date(2025, 2, 20),
            issuing_body="Sở KH&CN", type="official_letter", attachment=upload,
        )  # fmt: skip
    assert caught.value.message_dict == {"attachment": ["The file's content is not a PDF file."]}
    assert Directive.objects.count() == 0


def test_create_task_with_units_and_indicators_is_audited(board, users, other_unit):  # type: ignore[no-untyped-def]
    # when
    task = services.create_task(
        actor=users[Role.ADMINISTRATOR], directive=board.directive, parent=board.own_task,
        level=TaskLevel.UNIT, title="Báo cáo tháng", lead_unit=board.own_task.lead_unit,
        co_units=[other_unit], recurrence=Recurrence.MONTHLY, first_due=dt.date(2026, 1, 31),
    )  # fmt: skip
    # then
    [entry] = _entries(task)
    assert entry.org_unit == board.own_task.lead_unit
    assert entry.changes["co_units"] == [None, [other_unit.code]]
    assert entry.changes["recurrence"] == [None, "monthly"]
    assert entry.changes["parent"] == [None, board.own_task.pk]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {"deadline": ["Give a deadline or a recurrence."]}),
        (
            {"deadline": dt.date(2026, 1, 1), "first_due": dt.date(2026, 1, 1)},
            {"first_due": ["A first due date is only for a recurring task."]},
        ),
        ({"recurrence": "monthly"}, {"first_due": ["A recurring task needs a first due date."]}),
        (
            {"recurrence": "yearly", "first_due": dt.date(2026, 12, 31),
             "deadline": dt.date(2026, 12, 31)},
            {"deadline": ["A recurring task has a first due date instead of a deadline."]},
        ),
        (
            {"deadline": dt.date(2026, 1, 1), "last_due": dt.date(2026, 12, 31)},
            {"last_due": ["A last due date is only for a recurring task."]},
        ),
        (
            {"recurrence": "monthly", "first_due": dt.date(2026, 3, 31),
             "last_due": dt.date(2026, 2, 28)},
            {"last_due": ["The last due date cannot be before the first due date."]},
        ),
        (
            {"deadline": dt.date(2026, 1, 1), "level": TaskLevel.CENTRAL, "parent": "own"},
            {"level": ["A sub-task cannot be above its parent's level."]},
        ),
        (
            {"deadline": dt.date(2026, 1, 1), "co_units": "lead"},
            {"co_units": ["The lead unit cannot also co-operate."]},
        ),
    ],
)  # fmt: skip
def test_create_task_validation(board, users, fields, errors):  # type: ignore[no-untyped-def]
    # given
    fields = {"level": TaskLevel.UNIT, **fields}
    if fields.get("parent") == "own":
        fields["parent"] = board.own_task
    if fields.get("co_units") == "lead":
        fields["co_units"] = [board.own_task.lead_unit]
    count = Task.objects.count()
    # when
    with pytest.raises(ValidationError) as caught:
        services.create_task(
            actor=users[Role.CENTER_STAFF], directive=board.directive, title="X",
            lead_unit=board.own_task.lead_unit, **fields,
        )  # fmt: skip
    # then
    assert caught.value.message_dict == errors
    assert Task.objects.count() == count


def test_task_cannot_be_placed_under_its_own_child(board, users):  # type: ignore[no-untyped-def]
    child = services.create_task(
        actor=users[Role.CENTER_STAFF], directive=board.directive, parent=board.own_task,
        level=TaskLevel.UNIT, title="Con", lead_unit=board.own_task.lead_unit,
        deadline=dt.date(2026, 6, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.update_task(actor=users[Role.CENTER_STAFF], task=board.own_task, parent=child)
    assert caught.value.message_dict == {"parent": ["A task cannot be placed under itself."]}


def test_cancel_task_keeps_it_and_audits(board, users):  # type: ignore[no-untyped-def]
    # when
    task = services.cancel_task(
        actor=users[Role.CENTER_STAFF], task=board.own_task, on=dt.date(2026, 5, 1)
    )
    # then
    task.refresh_from_db()
    assert task.cancelled_on == dt.date(2026, 5, 1)
    [entry] = _entries(task)
    assert entry.changes == {"cancelled_on": [None, "2026-05-01"]}
    with pytest.raises(ValidationError):
        services.cancel_task(actor=users[Role.CENTER_STAFF], task=task)


def test_reporter_posts_progress_with_evidence(board, users):  # type: ignore[no-untyped-def]
    # when
    report = services.post_progress(
        actor=users[Role.UNIT_REPORTER], task=board.own_task, percent=40,
        narrative="Đã số hóa 40% hồ sơ", evidence=_pdf(),
    )  # fmt: skip
    # then
    assert (report.percent, report.marks_done, report.review) == (40, False, "")
    assert (report.evidence.name or "").startswith("steering/evidence/")
    [entry] = _entries(report)
    assert entry.org_unit == board.own_task.lead_unit
    assert entry.changes["percent"] == [None, 40]


def test_marking_done_needs_the_product(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.post_progress(
            actor=users[Role.UNIT_REPORTER], task=board.own_task, percent=100, marks_done=True
        )
    assert caught.value.message_dict == {"product": ["Attach the product to mark the task done."]}
    assert ProgressReport.objects.filter(task=board.own_task).count() == 0


def test_percent_over_100_is_refused(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.post_progress(actor=users[Role.UNIT_REPORTER], task=board.own_task, percent=101)
    assert list(caught.value.message_dict) == ["percent"]


def test_completion_returned_reopens_the_task(board, users):  # type: ignore[no-untyped-def]
    # given: the co-operated task has a completion waiting
    staff, reporter = users[Role.CENTER_STAFF], users[Role.UNIT_REPORTER]
    with pytest.raises(ValidationError) as caught:
        services.post_progress(actor=reporter, task=board.co_task, percent=100)
    assert caught.value.message_dict == {"task": ["This task is already done."]}
    # when
    with pytest.raises(ValidationError) as no_reason:
        services.decide_completion(actor=staff, report=board.co_completion, accept=False)
    services.decide_completion(
        actor=staff, report=board.co_completion, accept=False, note="Thiếu biên bản"
    )
    # then
    assert no_reason.value.message_dict == {"note": ["Say why, so the unit knows what to correct."]}
    board.co_completion.refresh_from_db()
    assert board.co_completion.review == Review.RETURNED
    assert board.co_completion.reviewed_by == staff
    services.post_progress(actor=reporter, task=board.co_task, percent=90)
    [entry] = _entries(board.co_completion)
    assert entry.changes["review"] == ["pending", "returned"]


def test_extension_accepted_moves_the_deadline(board, users):  # type: ignore[no-untyped-def]
    # when
    services.decide_extension(
        actor=users[Role.CENTER_STAFF], request=board.co_extension, accept=True
    )
    # then
    board.co_task.refresh_from_db()
    assert board.co_task.deadline == dt.date(2027, 3, 31)
    [task_entry] = _entries(board.co_task)
    assert task_entry.changes == {"deadline": ["2026-12-31", "2027-03-31"]}
    [request_entry] = _entries(board.co_extension)
    assert request_entry.changes["status"] == ["pending", "accepted"]
    with pytest.raises(ValidationError) as again:
        services.decide_extension(
            actor=users[Role.CENTER_STAFF], request=board.co_extension, accept=True
        )
    assert again.value.message_dict == {"status": ["This request has already been decided."]}


def test_extension_request_validation(board, users):  # type: ignore[no-untyped-def]
    reporter = users[Role.UNIT_REPORTER]
    with pytest.raises(ValidationError) as earlier:
        services.request_extension(
            actor=reporter, task=board.own_task, requested_deadline=dt.date(2026, 12, 1),
            reason="Chậm vốn",
        )  # fmt: skip
    with pytest.raises(ValidationError) as waiting:
        services.request_extension(
            actor=reporter, task=board.co_task, requested_deadline=dt.date(2027, 6, 1),
            reason="Chậm vốn",
        )  # fmt: skip
    with pytest.raises(ValidationError) as no_reason:
        services.request_extension(
            actor=reporter, task=board.own_task, requested_deadline=dt.date(2027, 6, 1),
            reason=" ",
        )  # fmt: skip
    assert earlier.value.message_dict == {
        "requested_deadline": ["Ask for a date after the current deadline (31/12/2026)."]
    }
    assert waiting.value.message_dict == {
        "task": ["This task is already done.", "An extension request is already waiting."]
    }
    assert no_reason.value.message_dict == {
        "reason": ["Say why, so the unit knows what to correct."]
    }
    assert ExtensionRequest.objects.filter(task=board.own_task).count() == 0


def test_reporter_cannot_report_on_a_task_out_of_reach(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.post_progress(actor=users[Role.UNIT_REPORTER], task=board.other_task, percent=5)
    with pytest.raises(PermissionDenied):
        services.decide_extension(
            actor=users[Role.UNIT_REPORTER], request=board.co_extension, accept=True
        )
    assert ProgressReport.objects.filter(task=board.other_task).count() == 0


def test_steering_committee_is_one_per_unit(board, users, own_unit):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.record_steering_committee(
            actor=users[Role.CENTER_STAFF], org_unit=own_unit, decision_number="99/QĐ",
            decision_date=dt.date(2025, 8, 1), head="Chủ tịch",
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["org_unit"]


def test_allocation_needs_a_unit_or_project_within_the_years(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.create_allocation(
            actor=users[Role.CENTER_STAFF], programme=board.programme, year=2030,
            amount=1_000,
        )  # fmt: skip
    assert caught.value.message_dict == {
        "org_unit": ["Choose a unit or name a project."],
        "year": ["Give a year from 2025 to 2026."],
    }


def test_holiday_delete_is_audited(board, users):  # type: ignore[no-untyped-def]
    holiday_pk = board.holiday.pk
    services.delete_holiday(actor=users[Role.CENTER_STAFF], holiday=board.holiday)
    entry = AuditEntry.objects.get(content_type__model="holiday", object_id=str(holiday_pk))
    assert (entry.action, entry.changes) == (
        "delete", {"date": ["2026-09-02", None], "name": ["Quốc khánh", None]}
    )  # fmt: skip
