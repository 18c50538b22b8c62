"""Status derivation as a table, working days against weekends and holidays, recurrences."""

import datetime as dt

import pytest

from tinhso.steering.choices import Recurrence, Review, TaskStatus
from tinhso.steering.status import (
    ReportFact,
    RiskRule,
    TaskFacts,
    WorkCalendar,
    facts_of,
    occurrence_count,
    occurrence_due,
    task_status,
)

D = dt.date
# 2026: 30/4 (Thu) and 1/5 (Fri) are holidays; 2/5–3/5 a weekend.
CALENDAR = WorkCalendar(frozenset({D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2)}))
RULE = RiskRule(working_days=7, below_percent=50)

FRI_10_04 = D(2026, 4, 10)
WED_15_04 = D(2026, 4, 15)
TUE_28_04 = D(2026, 4, 28)
MON_04_05 = D(2026, 5, 4)
SAT_02_05 = D(2026, 5, 2)

STATUS_TABLE = [
    # (facts, today, expected)
    pytest.param(TaskFacts(MON_04_05), D(2026, 3, 2), TaskStatus.NOT_STARTED, id="far-no-report"),
    pytest.param(TaskFacts(MON_04_05, 0), D(2026, 3, 2), TaskStatus.NOT_STARTED, id="far-zero"),
    pytest.param(TaskFacts(MON_04_05, 10), D(2026, 3, 2), TaskStatus.IN_PROGRESS, id="far-10"),
    pytest.param(TaskFacts(MON_04_05, 49), D(2026, 4, 27), TaskStatus.AT_RISK, id="near-49"),
    pytest.param(TaskFacts(MON_04_05, 50), D(2026, 4, 27), TaskStatus.IN_PROGRESS, id="near-50"),
    pytest.param(TaskFacts(MON_04_05, 0), D(2026, 4, 27), TaskStatus.AT_RISK, id="near-0"),
    # Mon 4/5 is 7 working days after Tue 21/4 (22, 23, 24, 27, 28, 29/4 and 4/5; the
    # holidays 30/4–1/5 and the weekends do not count), 8 after Mon 20/4.
    pytest.param(TaskFacts(MON_04_05, 10), D(2026, 4, 20), TaskStatus.IN_PROGRESS, id="8-wd"),
    pytest.param(TaskFacts(MON_04_05, 10), D(2026, 4, 21), TaskStatus.AT_RISK, id="7-wd"),
    pytest.param(TaskFacts(MON_04_05, 10), MON_04_05, TaskStatus.AT_RISK, id="due-today"),
    pytest.param(TaskFacts(MON_04_05, 90), D(2026, 5, 5), TaskStatus.OVERDUE, id="day-after"),
    pytest.param(TaskFacts(MON_04_05, 0), D(2026, 6, 1), TaskStatus.OVERDUE, id="long-overdue"),
    # A deadline on a holiday or weekend moves to the next working day (Mon 4/5).
    pytest.param(TaskFacts(D(2026, 4, 30), 80), SAT_02_05, TaskStatus.IN_PROGRESS, id="holiday"),
    pytest.param(TaskFacts(SAT_02_05, 80), MON_04_05, TaskStatus.IN_PROGRESS, id="weekend"),
    pytest.param(TaskFacts(SAT_02_05, 80), D(2026, 5, 5), TaskStatus.OVERDUE, id="weekend-late"),
    pytest.param(
        TaskFacts(TUE_28_04, 100, done_on=TUE_28_04), D(2026, 6, 1), TaskStatus.DONE_ON_TIME,
        id="done-on-the-day",
    ),
    pytest.param(
        TaskFacts(TUE_28_04, 100, done_on=D(2026, 4, 29)), D(2026, 4, 29), TaskStatus.DONE_LATE,
        id="done-a-day-late",
    ),
    pytest.param(
        TaskFacts(D(2026, 4, 30), 100, done_on=MON_04_05), MON_04_05, TaskStatus.DONE_ON_TIME,
        id="done-after-holiday-deadline",
    ),
    pytest.param(
        TaskFacts(None, 100, done_on=FRI_10_04), WED_15_04, TaskStatus.DONE_ON_TIME,
        id="done-no-deadline",
    ),
    pytest.param(TaskFacts(None, 0), WED_15_04, TaskStatus.NOT_STARTED, id="no-deadline"),
    pytest.param(
        TaskFacts(FRI_10_04, 20, cancelled_on=D(2026, 4, 1)), WED_15_04, TaskStatus.CANCELLED,
        id="cancelled-before-overdue",
    ),
    pytest.param(
        TaskFacts(FRI_10_04, 100, done_on=FRI_10_04, cancelled_on=D(2026, 4, 12)), WED_15_04,
        TaskStatus.CANCELLED, id="cancelled-wins-over-done",
    ),
    pytest.param(
        TaskFacts(MON_04_05, 20, cancelled_on=D(2026, 5, 1)), TUE_28_04, TaskStatus.AT_RISK,
        id="cancellation-not-yet-in-force",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "today", "expected"), STATUS_TABLE)
def test_task_status(facts, today, expected):  # type: ignore[no-untyped-def]
    # when
    status = task_status(facts, today, calendar=CALENDAR, rule=RULE)
    # then
    assert status == expected


def test_risk_rule_follows_settings(settings):  # type: ignore[no-untyped-def]
    # given
    settings.STEERING_AT_RISK_WORKING_DAYS = 2
    settings.STEERING_AT_RISK_PERCENT = 80
    rule = RiskRule.from_settings()
    # when
    statuses = [
        task_status(TaskFacts(MON_04_05, 70), day, calendar=CALENDAR, rule=rule)
        for day in (D(2026, 4, 27), TUE_28_04, D(2026, 4, 29))
    ]
    # then: Tue 28/4 has 2 working days left (29/4 and 4/5)
    assert statuses == [TaskStatus.IN_PROGRESS, TaskStatus.AT_RISK, TaskStatus.AT_RISK]


WORKING_DAYS = [
    pytest.param(FRI_10_04, FRI_10_04, 0, id="same-day"),
    pytest.param(FRI_10_04, D(2026, 4, 11), 0, id="to-saturday"),
    pytest.param(FRI_10_04, D(2026, 4, 13), 1, id="over-weekend"),
    pytest.param(FRI_10_04, D(2026, 4, 17), 5, id="a-week"),
    pytest.param(TUE_28_04, MON_04_05, 2, id="over-holidays-and-weekend"),
    pytest.param(D(2026, 4, 29), D(2026, 5, 3), 0, id="only-days-off"),
    pytest.param(MON_04_05, TUE_28_04, -2, id="backwards"),
    pytest.param(D(2026, 9, 1), D(2026, 9, 3), 1, id="national-day"),
]


@pytest.mark.parametrize(("start", "end", "expected"), WORKING_DAYS)
def test_working_days_between(start, end, expected):  # type: ignore[no-untyped-def]
    assert CALENDAR.working_days_between(start, end) == expected


def _walked(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    """The definition, day by day: working days after ``start`` up to and including ``end``."""
    sign, (low, high) = (1, (start, end)) if start <= end else (-1, (end, start))
    days = (low + dt.timedelta(days=n) for n in range(1, (high - low).days + 1))
    return sign * sum(1 for day in days if calendar.is_working_day(day))


def test_working_days_counted_by_weeks_agree_with_walking_day_by_day():  # type: ignore[no-untyped-def]
    start = D(2026, 4, 20)
    for offset in range(0, 200, 3):
        for length in range(-20, 40):
            first = start + dt.timedelta(days=offset)
            last = first + dt.timedelta(days=length)
            assert CALENDAR.working_days_between(first, last) == _walked(CALENDAR, first, last)


def test_roll_forward_skips_holidays_and_weekends():  # type: ignore[no-untyped-def]
    assert CALENDAR.roll_forward(D(2026, 4, 30)) == MON_04_05
    assert CALENDAR.roll_forward(D(2026, 4, 29)) == D(2026, 4, 29)
    assert WorkCalendar().roll_forward(D(2026, 4, 30)) == D(2026, 4, 30)


@pytest.mark.parametrize(
    ("first", "recurrence", "index", "expected"),
    [
        (D(2026, 1, 31), Recurrence.MONTHLY, 1, D(2026, 2, 28)),
        (D(2026, 1, 31), Recurrence.MONTHLY, 12, D(2027, 1, 31)),
        (D(2028, 1, 31), Recurrence.MONTHLY, 1, D(2028, 2, 29)),
        (D(2026, 3, 31), Recurrence.QUARTERLY, 1, D(2026, 6, 30)),
        (D(2026, 11, 15), Recurrence.QUARTERLY, 1, D(2027, 2, 15)),
        (D(2026, 12, 20), Recurrence.YEARLY, 2, D(2028, 12, 20)),
    ],
)
def test_occurrence_due(first, recurrence, index, expected):  # type: ignore[no-untyped-def]
    assert occurrence_due(first, recurrence, index) == expected


def _report(percent: int, day: dt.date, done: bool = False, review: str = "") -> ReportFact:
    return ReportFact(percent, done, review, day)


def test_one_off_facts_take_the_first_standing_completion():  # type: ignore[no-untyped-def]
    # given
    reports = [
        _report(40, D(2026, 3, 1)),
        _report(100, D(2026, 3, 5), done=True, review=Review.RETURNED),
        _report(100, D(2026, 3, 9), done=True, review=Review.PENDING),
    ]
    # when
    facts = facts_of(
        deadline=D(2026, 3, 6), recurrence=Recurrence.NONE, first_due=None,
        cancelled_on=None, reports=reports,
    )  # fmt: skip
    # then
    assert facts == TaskFacts(D(2026, 3, 6), 100, D(2026, 3, 9), None)


def test_returned_completion_does_not_count_as_progress():  # type: ignore[no-untyped-def]
    reports = [
        _report(40, D(2026, 3, 1)),
        _report(100, D(2026, 3, 5), done=True, review=Review.RETURNED),
    ]
    facts = facts_of(
        deadline=D(2026, 3, 6), recurrence=Recurrence.NONE, first_due=None,
        cancelled_on=None, reports=reports,
    )  # fmt: skip
    assert facts == TaskFacts(D(2026, 3, 6), 40, None, None)


def test_recurring_facts_judge_the_open_occurrence():  # type: ignore[no-untyped-def]
    # given: January's report is done; February's is under way
    reports = [
        _report(100, D(2026, 1, 30), done=True, review=Review.ACCEPTED),
        _report(30, D(2026, 2, 10)),
    ]
    # when
    facts = facts_of(
        deadline=None, recurrence=Recurrence.MONTHLY, first_due=D(2026, 1, 31),
        cancelled_on=None, reports=reports,
    )  # fmt: skip
    # then
    assert facts == TaskFacts(D(2026, 2, 28), 30, None, None)
    assert task_status(facts, D(2026, 3, 3), calendar=CALENDAR) == TaskStatus.OVERDUE


def test_recurring_task_with_nothing_reported_is_due_at_its_first_date():  # type: ignore[no-untyped-def]
    facts = facts_of(
        deadline=None, recurrence=Recurrence.QUARTERLY, first_due=D(2026, 3, 31),
        cancelled_on=None, reports=[],
    )  # fmt: skip
    assert facts == TaskFacts(D(2026, 3, 31), 0, None, None)


@pytest.mark.parametrize(
    ("last_due", "expected"),
    [
        (D(2026, 3, 31), 3),  # 31/01, 28/02, 31/03
        (D(2026, 3, 30), 2),
        (D(2026, 1, 31), 1),
        (D(2026, 1, 30), 0),
    ],
)
def test_occurrence_count(last_due, expected):  # type: ignore[no-untyped-def]
    assert occurrence_count(D(2026, 1, 31), Recurrence.MONTHLY, last_due) == expected


def test_ended_recurring_task_is_done_with_its_last_occurrence():  # type: ignore[no-untyped-def]
    # given: a quarterly report due 31/03 and 30/06 only; both sent, the second late
    reports = [
        _report(100, D(2026, 3, 30), done=True, review=Review.ACCEPTED),
        _report(100, D(2026, 7, 2), done=True, review=Review.PENDING),
    ]
    # when
    facts = facts_of(
        deadline=None, recurrence=Recurrence.QUARTERLY, first_due=D(2026, 3, 31),
        last_due=D(2026, 7, 15), cancelled_on=None, reports=reports,
    )  # fmt: skip
    # then: judged on 30/06, done on 02/07
    assert facts == TaskFacts(D(2026, 6, 30), 100, D(2026, 7, 2), None)
    assert task_status(facts, D(2026, 8, 1), calendar=CALENDAR) == TaskStatus.DONE_LATE


def test_ended_recurring_task_stays_open_until_its_last_occurrence():  # type: ignore[no-untyped-def]
    reports = [_report(100, D(2026, 3, 30), done=True, review=Review.ACCEPTED)]
    facts = facts_of(
        deadline=None, recurrence=Recurrence.QUARTERLY, first_due=D(2026, 3, 31),
        last_due=D(2026, 6, 30), cancelled_on=None, reports=reports,
    )  # fmt: skip
    assert facts == TaskFacts(D(2026, 6, 30), 0, None, None)


def test_returned_last_completion_reopens_an_ended_task():  # type: ignore[no-untyped-def]
    reports = [_report(100, D(2026, 3, 30), done=True, review=Review.RETURNED)]
    facts = facts_of(
        deadline=None, recurrence=Recurrence.QUARTERLY, first_due=D(2026, 3, 31),
        last_due=D(2026, 3, 31), cancelled_on=None, reports=reports,
    )  # fmt: skip
    assert facts == TaskFacts(D(2026, 3, 31), 0, None, None)
    assert task_status(facts, D(2026, 4, 2), calendar=CALENDAR) == TaskStatus.OVERDUE
