"""The Lai Châu steering demo: every part loaded through the audited services, the same on a
second run, every status on the board on 24/11/2026, the real 2025 budget and committee counts,
and the committee counts equal to the monitoring facts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from tinhso.accounts import demo as accounts_demo
from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.monitoring import demo as monitoring_demo
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.models import DataImport, DataValue, Submission
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import demo
from tinhso.steering.choices import Review, TaskStatus
from tinhso.steering.committees import CommitteeCounts, count_committees
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
from tinhso.steering.selectors import programmes_with_totals, task_states

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
LABEL = demo.demo_label()  # "Dữ liệu minh họa" once translated (the monitoring demo's label)
MODELS = (
    Holiday, Programme, Allocation, Disbursement, SteeringCommittee, Directive, Task,
    ProgressReport, ExtensionRequest,
)  # fmt: skip
FIRST_LOAD = [
    "Steering holidays: 38 created, 0 unchanged",
    "Steering programmes: 3 created, 0 unchanged",
    "Steering allocations: 33 created, 0 unchanged",
    "Steering disbursements: 64 created, 0 unchanged",
    "Steering committees: 49 created, 0 unchanged",
    "Steering directives: 10 created, 0 unchanged",
    "Steering tasks: 80 created, 0 unchanged",
    "Steering progress reports: 195 created, 0 unchanged",
    "Steering extension requests: 3 created, 0 unchanged",
]
STATUSES_TODAY = {
    TaskStatus.DONE_ON_TIME: 33, TaskStatus.DONE_LATE: 14, TaskStatus.IN_PROGRESS: 13,
    TaskStatus.NOT_STARTED: 7, TaskStatus.OVERDUE: 7, TaskStatus.AT_RISK: 5,
    TaskStatus.CANCELLED: 1,
}  # fmt: skip


@pytest.fixture
def tree(lai_chau: OrgUnit, monkeypatch: pytest.MonkeyPatch) -> OrgUnit:
    """The province with its agencies and the demo accounts; the indicator is counted to
    24/11/2026 whatever the day the tests run."""
    monkeypatch.setattr("tinhso.steering.committees.local_date", lambda: TODAY)
    orgunits_demo.load()
    accounts_demo.load()
    return lai_chau


@pytest.fixture
def loaded(tree: OrgUnit) -> list[str]:
    """The steering demo over the monitoring catalogue and its real 2025 facts."""
    load_catalogue(actor=SYSTEM)
    return demo.load()


@pytest.fixture
def full(tree: OrgUnit) -> list[str]:
    """The whole demo, as load_demo runs it: monitoring's (2025 approved), then steering's."""
    list(monitoring_demo.load(TODAY))
    return demo.load()


def _state() -> tuple[Any, ...]:
    rows = tuple(list(model._default_manager.values().order_by("pk")) for model in MODELS)
    monitoring = (
        list(DataValue.objects.values().order_by("pk")),
        list(DataImport.objects.values().order_by("pk")),
        list(Submission.objects.values().order_by("pk")),
    )
    return (*rows, *monitoring, AuditEntry.objects.count())


def _values(period: str) -> dict[str, Decimal]:
    rows = DataValue.objects.filter(
        org_unit__code="12", period=period, data_element__code__startswith="STEERING_COMMITTEES"
    )
    return dict(rows.values_list("data_element__code", "value"))


def test_the_demo_loads_every_part_through_the_audited_services(loaded):
    # then
    assert loaded == FIRST_LOAD
    assert {model.__name__: model._default_manager.count() for model in MODELS} == {
        "Holiday": 38, "Programme": 3, "Allocation": 33, "Disbursement": 64,
        "SteeringCommittee": 49, "Directive": 10, "Task": 80, "ProgressReport": 195,
        "ExtensionRequest": 3,
    }  # fmt: skip
    created = Counter(
        AuditEntry.objects.filter(action=AuditAction.CREATE).values_list(
            "content_type__model", flat=True
        )
    )
    for model in MODELS:
        name = model._meta.model_name
        assert created[name] == model._default_manager.count(), name


def test_a_second_load_changes_nothing(full):
    # given
    before = _state()
    # when
    lines = demo.load()
    # then
    assert _state() == before
    assert lines == [
        "Steering holidays: 0 created, 38 unchanged",
        "Steering programmes: 0 created, 3 unchanged",
        "Steering allocations: 0 created, 33 unchanged",
        "Steering disbursements: 0 created, 64 unchanged",
        "Steering committees: 0 created, 49 unchanged",
        "Steering directives: 0 created, 10 unchanged",
        "Steering tasks: 0 created, 80 unchanged",
        "Steering progress reports: 0 created, 195 unchanged",
        "Steering extension requests: 0 created, 3 unchanged",
    ]


def test_the_board_shows_every_status_on_24_11_2026_and_in_the_months_after(loaded):
    # when
    today = Counter(state.status for state in task_states(Task.objects.all(), TODAY).values())
    later = {
        day: {state.status for state in task_states(Task.objects.all(), day).values()}
        for day in (dt.date(2026, 12, 15), dt.date(2027, 1, 25), dt.date(2027, 3, 8))
    }
    # then
    assert today == STATUSES_TODAY
    for day, statuses in later.items():
        assert statuses == {
            TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.IN_PROGRESS,
            TaskStatus.NOT_STARTED, TaskStatus.OVERDUE, TaskStatus.AT_RISK, TaskStatus.CANCELLED,
        }, day  # fmt: skip


def test_the_tasks_are_spread_over_levels_units_and_recurrences(loaded):
    # then
    tasks = Task.objects.all()
    assert Counter(tasks.values_list("level", flat=True)) == {
        "central": 15,
        "province": 46,
        "unit": 19,
    }
    assert tasks.filter(parent__isnull=False).count() == 19
    assert Counter(tasks.exclude(recurrence="none").values_list("recurrence", flat=True)) == {
        "monthly": 4,
        "quarterly": 3,
    }
    assert tasks.exclude(recurrence="none").filter(last_due__isnull=False).count() == 4
    leads = set(tasks.values_list("lead_unit__kind", flat=True))
    assert leads == {"agency", "other", "commune", "ward"}
    assert tasks.filter(co_units__isnull=False).distinct().count() == 43
    assert tasks.filter(indicators__isnull=False).distinct().count() == 36
    assert tasks.filter(programme__isnull=False).count() == 29


def test_reviews_and_extensions_are_in_every_state(loaded):
    # then
    completions = ProgressReport.objects.filter(marks_done=True)
    assert Counter(completions.values_list("review", flat=True)) == {
        Review.ACCEPTED: 87,
        Review.RETURNED: 1,
        Review.PENDING: 1,
    }
    assert completions.get(review=Review.PENDING).reported_by.username == "sonoivu"
    returned = completions.get(review=Review.RETURNED)
    assert (returned.reported_by.username, returned.task.lead_unit.code) == ("doanket", "03388")
    assert Counter(ExtensionRequest.objects.values_list("status", flat=True)) == {
        Review.ACCEPTED: 1,
        Review.RETURNED: 1,
        Review.PENDING: 1,
    }
    pending = ExtensionRequest.objects.get(status=Review.PENDING)
    assert (pending.requested_by.username, pending.requested_at.date()) == (
        "doanket", dt.date(2026, 11, 19),
    )  # fmt: skip
    # The units' own accounts report their tasks; the center reports the others' for them.
    by_unit = ProgressReport.objects.values_list("task__lead_unit__code", "reported_by__username")
    assert {user for unit, user in by_unit if unit == "03388"} == {"doanket"}
    assert {user for unit, user in by_unit if unit == "12.SNV"} == {"sonoivu"}
    assert {user for unit, user in by_unit if unit not in {"03388", "12.SNV"}} == {"canbo"}
    assert ProgressReport.objects.latest("reported_at").reported_at.date() <= TODAY


def test_the_2025_budget_is_81_6_billion_and_2026_is_partly_disbursed(loaded):
    # when
    programmes = {
        p.name: (p.first_year, p.allocated, p.disbursed)
        for p in programmes_with_totals(Programme.objects.all())
    }
    # then
    assert Allocation.objects.filter(year=2025).aggregate(total=Sum("amount"))["total"] == (
        Decimal("81600000000")
    )
    assert programmes["Chuyển đổi số tỉnh Lai Châu năm 2025"][:2] == (2025, Decimal(68_300_000_000))
    assert programmes["Khoa học, công nghệ và đổi mới sáng tạo năm 2025"][:2] == (
        2025, Decimal(13_300_000_000),
    )  # fmt: skip
    (year, allocated, disbursed) = programmes[
        f"Chuyển đổi số, khoa học, công nghệ và đổi mới sáng tạo tỉnh Lai Châu năm 2026 ({LABEL})"
    ]
    assert (year, allocated, disbursed) == (2026, Decimal(88_500_000_000), Decimal(46_900_000_000))
    paid_2025 = Disbursement.objects.filter(allocation__year=2025)
    assert paid_2025.aggregate(total=Sum("amount"))["total"] == Decimal(67_558_000_000)
    assert set(paid_2025.values_list("date__year", flat=True)) == {2025}
    assert Disbursement.objects.filter(document_number__endswith="/QĐ-STC").count() == 64


def test_there_are_11_agency_and_38_locality_committees_as_the_monitoring_facts_say(full):
    # given
    province = OrgUnit.objects.get(code="12")
    # then
    assert count_committees(province=province, year=2025, today=TODAY) == CommitteeCounts(
        dt.date(2025, 12, 31), 11, 38
    )
    committees = SteeringCommittee.objects.all()
    assert set(committees.values_list("decision_date__year", flat=True)) == {2025}
    assert not committees.filter(org_unit__code="12.UBND").exists()
    # The province's approved 2025 report keeps the published facts, which the register equals;
    # the current year is counted from the register.
    assert _values("2025") == {
        "STEERING_COMMITTEES_AGENCIES": Decimal(11), "STEERING_COMMITTEES_LOCALITIES": Decimal(38)
    }  # fmt: skip
    assert DataValue.objects.get(
        period="2025", data_element__code="STEERING_COMMITTEES_AGENCIES"
    ).comment.startswith("11 cơ quan cấp tỉnh")
    assert _values("2026") == {
        "STEERING_COMMITTEES_AGENCIES": Decimal(11), "STEERING_COMMITTEES_LOCALITIES": Decimal(38)
    }  # fmt: skip
    assert DataImport.objects.filter(source="steering_committees").count() == 1


def test_illustrative_content_is_labelled_and_real_content_is_not(loaded):
    # then
    real = {"57-NQ/TW", "03/NQ-CP", "71/NQ-CP", "02-KH/BCĐTW"}
    for directive in Directive.objects.all():
        assert directive.summary.endswith(f"({LABEL})") is (directive.number not in real)
    assert Directive.objects.get(number="57-NQ/TW").date == dt.date(2024, 12, 22)
    labelled = f"({LABEL})"
    assert all(
        t.endswith(labelled) for t in Task.objects.values_list("expected_product", flat=True)
    )
    assert all(
        n.endswith(labelled) for n in ProgressReport.objects.values_list("narrative", flat=True)
    )
    assert all(n.endswith(labelled) for n in Disbursement.objects.values_list("note", flat=True))
    assert all(
        m.endswith(labelled) for m in SteeringCommittee.objects.values_list("members", flat=True)
    )
    assert not any(LABEL in name for name in Holiday.objects.values_list("name", flat=True))


def test_the_holidays_are_the_decided_days_off(loaded):
    # then
    days = dict(Holiday.objects.values_list("date", "name"))
    assert {d for d in days if d.year == 2025} == {
        dt.date(2025, 1, 1), *(dt.date(2025, 1, day) for day in range(27, 32)),
        dt.date(2025, 4, 7), dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 5, 2),
        dt.date(2025, 9, 1), dt.date(2025, 9, 2),
    }  # fmt: skip
    assert {d for d in days if d.year == 2026} == {
        dt.date(2026, 1, 1), dt.date(2026, 1, 2), *(dt.date(2026, 2, day) for day in range(16, 21)),
        dt.date(2026, 4, 27), dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 8, 31),
        dt.date(2026, 9, 1), dt.date(2026, 9, 2), dt.date(2026, 11, 24),
    }  # fmt: skip
    assert all(d.weekday() < 5 for d in days)  # a day off on a weekend changes nothing
    assert sum(1 for d in days if d.year == 2027) == 12


def test_load_demo_runs_the_steering_demo_after_the_monitoring_demo():
    # given
    from tinhso.core.management.commands.load_demo import DEMO_MODULES

    # then
    assert DEMO_MODULES.index("tinhso.steering.demo") > DEMO_MODULES.index("tinhso.monitoring.demo")
