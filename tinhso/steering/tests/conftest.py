"""A small steering board for tests: one directive, tasks led by or shared with the reporter's
unit and tasks out of their reach, a programme with money, committees and a holiday."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import Review, TaskLevel
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    Holiday,
    Programme,
    ProgressReport,
    SteeringCommittee,
    Task,
)

# The shared checks of the page matrices, with pytest's detailed assertion messages.
pytest.register_assert_rewrite("tinhso.steering.tests.pages")


@dataclass
class Board:
    directive: Directive
    own_task: Task  # led by the reporter's unit
    co_task: Task  # led elsewhere, the reporter's unit co-operates; has waiting reviews
    other_task: Task  # out of the reporter's reach
    other_review_task: Task  # out of reach; has waiting reviews
    programme: Programme
    own_allocation: Allocation
    other_allocation: Allocation
    own_committee: SteeringCommittee
    other_committee: SteeringCommittee
    holiday: Holiday
    co_extension: ExtensionRequest
    other_extension: ExtensionRequest
    co_completion: ProgressReport
    other_completion: ProgressReport


def _task(directive: Directive, title: str, lead: OrgUnit, **fields: Any) -> Task:
    fields.setdefault("deadline", dt.date(2026, 12, 31))
    return Task.objects.create(
        directive=directive, level=TaskLevel.UNIT, title=title, lead_unit=lead, **fields
    )


def _waiting(task: Task, user: Any) -> tuple[ExtensionRequest, ProgressReport]:
    now = timezone.now()
    assert task.deadline is not None
    extension = ExtensionRequest.objects.create(
        task=task, previous_deadline=task.deadline, requested_deadline=dt.date(2027, 3, 31),
        reason="Chờ nguồn vốn", requested_by=user, requested_at=now,
    )  # fmt: skip
    completion = ProgressReport.objects.create(
        task=task, percent=100, marks_done=True, review=Review.PENDING,
        reported_by=user, reported_at=now,
    )  # fmt: skip
    return extension, completion


def _committee(unit: OrgUnit) -> SteeringCommittee:
    return SteeringCommittee.objects.create(
        org_unit=unit, decision_number=f"{unit.code}/QĐ-UBND",
        decision_date=dt.date(2025, 7, 15), head="Chủ tịch UBND",
    )  # fmt: skip


@pytest.fixture
def board(users: dict[Role, Any], own_unit: OrgUnit, other_unit: OrgUnit) -> Board:
    directive = Directive.objects.create(
        number="01-KH/BCĐ", date=dt.date(2025, 3, 1), issuing_body="Ban Chỉ đạo tỉnh Lai Châu",
        type="plan", summary="Kế hoạch thực hiện Nghị quyết 57-NQ/TW",
    )  # fmt: skip
    own_task = _task(directive, "Số hóa hồ sơ", own_unit)
    co_task = _task(directive, "Triển khai IOC xã", other_unit)
    co_task.co_units.set([own_unit])
    other_task = _task(directive, "Phổ cập kỹ năng số", other_unit)
    other_review_task = _task(directive, "Xóa điểm lõm sóng", other_unit)
    reporter = users[Role.UNIT_REPORTER]
    co_extension, co_completion = _waiting(co_task, reporter)
    other_extension, other_completion = _waiting(other_review_task, users[Role.CENTER_STAFF])
    programme = Programme.objects.create(name="Chuyển đổi số 2025", first_year=2025, last_year=2026)
    own_allocation = Allocation.objects.create(
        programme=programme, year=2025, org_unit=own_unit, amount=Decimal(1_000_000_000)
    )
    other_allocation = Allocation.objects.create(
        programme=programme, year=2025, org_unit=other_unit, amount=Decimal(2_000_000_000)
    )
    Disbursement.objects.create(
        allocation=own_allocation, date=dt.date(2025, 6, 1), document_number="UNC-01",
        amount=Decimal(250_000_000),
    )  # fmt: skip
    own_committee, other_committee = _committee(own_unit), _committee(other_unit)
    holiday = Holiday.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    return Board(
        directive, own_task, co_task, other_task, other_review_task, programme, own_allocation,
        other_allocation, own_committee, other_committee, holiday, co_extension,
        other_extension, co_completion, other_completion,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def empty_file_storage(settings):  # type: ignore[no-untyped-def]
    """A fresh in-memory file storage per test (see the monitoring tests' fixture)."""
    settings.STORAGES = {**settings.STORAGES}
