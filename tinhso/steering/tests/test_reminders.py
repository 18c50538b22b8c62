"""Deadline reminders: which tasks get which reminder on which day, to whom, once only; the
command; and the daily job that schedules itself."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.dates import PROVINCE_ZONE
from tinhso.core.roles import Role
from tinhso.notifications.models import Notification
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import reminders, tasks
from tinhso.steering.choices import Recurrence, Review, TaskLevel
from tinhso.steering.models import (
    Directive,
    Holiday,
    ProgressReport,
    ReminderKind,
    ReminderLog,
    Task,
)
from tinhso.steering.reminders import reminder_kind, send_reminders
from tinhso.steering.status import WorkCalendar

UPCOMING, DUE_TODAY, OVERDUE = ReminderKind.UPCOMING, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE
D = dt.date.fromisoformat
# 1 and 2 September 2026 (Tuesday, Wednesday) are the National Day holiday.
NATIONAL_DAY = WorkCalendar(frozenset({D("2026-09-01"), D("2026-09-02")}))


# The rule, as a table: deadline, local date, the reminder (3 working days before) -------------

RULE = [
    # a deadline on Friday 13/03/2026
    ("2026-03-13", "2026-03-09", None),  # Monday: 4 working days before
    ("2026-03-13", "2026-03-10", UPCOMING),  # Tuesday: 3 working days before
    ("2026-03-13", "2026-03-11", None),
    ("2026-03-13", "2026-03-12", None),
    ("2026-03-13", "2026-03-13", DUE_TODAY),
    ("2026-03-13", "2026-03-14", None),  # Saturday: no reminders on days off
    ("2026-03-13", "2026-03-15", None),  # Sunday
    ("2026-03-13", "2026-03-16", OVERDUE),  # then every working day
    ("2026-03-13", "2026-03-17", OVERDUE),
    ("2026-03-13", "2026-04-30", OVERDUE),
    # a deadline on Monday 16/03: the weekend is not counted
    ("2026-03-16", "2026-03-11", UPCOMING),
    ("2026-03-16", "2026-03-12", None),
    ("2026-03-16", "2026-03-13", None),
    # a deadline on Saturday 14/03 rolls forward to Monday 16/03
    ("2026-03-14", "2026-03-11", UPCOMING),
    ("2026-03-14", "2026-03-14", None),
    ("2026-03-14", "2026-03-16", DUE_TODAY),
    ("2026-03-14", "2026-03-17", OVERDUE),
    # a deadline on the holiday 02/09 rolls forward to Thursday 03/09; 3 working days before is
    # Thursday 27/08 (28/08 and 31/08 are working days, 01/09 and 02/09 are not)
    ("2026-09-02", "2026-08-27", UPCOMING),
    ("2026-09-02", "2026-08-28", None),
    ("2026-09-02", "2026-09-02", None),
    ("2026-09-02", "2026-09-03", DUE_TODAY),
    ("2026-09-02", "2026-09-04", OVERDUE),
]


@pytest.mark.parametrize(("due", "on", "expected"), RULE)
def test_the_reminder_of_a_deadline_on_a_day(due: str, on: str, expected: Any) -> None:
    assert reminder_kind(D(due), D(on), calendar=NATIONAL_DAY, before=3) == expected


def test_no_reminder_before_when_the_setting_is_zero() -> None:
    assert reminder_kind(D("2026-03-13"), D("2026-03-13"), calendar=NATIONAL_DAY, before=0) == (
        DUE_TODAY
    )
    days = [D("2026-03-02") + dt.timedelta(days=n) for n in range(11)]
    kinds = [reminder_kind(D("2026-03-13"), day, calendar=NATIONAL_DAY, before=0) for day in days]
    assert kinds == [None] * 11


# Which tasks, from the database ----------------------------------------------------------------


@pytest.fixture
def directive(db: Any) -> Directive:
    return Directive.objects.create(
        number="05-KH/BCĐ", date=D("2026-01-05"), issuing_body="Ban Chỉ đạo tỉnh Lai Châu",
        type="plan",
    )  # fmt: skip


@pytest.fixture
def reporter(users: Any) -> Any:
    """The reporter of Phường Đoàn Kết (own_unit)."""
    return users[Role.UNIT_REPORTER]


def _task(directive: Directive, unit: OrgUnit, title: str = "Số hóa hồ sơ", **fields: Any) -> Task:
    return Task.objects.create(
        directive=directive, level=TaskLevel.UNIT, title=title, lead_unit=unit, **fields
    )


def _report(task: Task, user: Any, on: str, *, done: bool = False, review: str = "") -> None:
    ProgressReport.objects.create(
        task=task, percent=100 if done else 40, marks_done=done,
        review=review or (Review.PENDING if done else ""), reported_by=user,
        reported_at=dt.datetime.combine(D(on), dt.time(9), tzinfo=PROVINCE_ZONE),
    )  # fmt: skip


ONE_OFF = {"deadline": D("2026-03-13")}
MONTHLY = {"recurrence": Recurrence.MONTHLY, "first_due": D("2026-01-31")}
ENDING = {**MONTHLY, "last_due": D("2026-02-28")}
DONE_0202 = ("2026-02-02", True, "")

# (task fields, reports as (date, done, review), the local date, the reminder and its due date)
TASKS = [
    (ONE_OFF, [], "2026-03-10", (UPCOMING, "2026-03-13")),
    (ONE_OFF, [], "2026-03-13", (DUE_TODAY, "2026-03-13")),
    (ONE_OFF, [], "2026-03-16", (OVERDUE, "2026-03-13")),
    (ONE_OFF, [], "2026-03-11", None),
    # progress does not stop reminders; done does, while the center has not returned it
    (ONE_OFF, [("2026-03-02", False, "")], "2026-03-13", (DUE_TODAY, "2026-03-13")),
    (ONE_OFF, [("2026-03-12", True, "")], "2026-03-13", None),
    (ONE_OFF, [("2026-03-12", True, Review.ACCEPTED)], "2026-03-16", None),
    (ONE_OFF, [("2026-03-16", True, "")], "2026-03-17", None),
    (ONE_OFF, [("2026-03-12", True, Review.RETURNED)], "2026-03-16", (OVERDUE, "2026-03-13")),
    # cancelled: none from the day of cancellation; a cancellation yet to come changes nothing
    ({**ONE_OFF, "cancelled_on": D("2026-03-16")}, [], "2026-03-16", None),
    ({**ONE_OFF, "cancelled_on": D("2026-03-01")}, [], "2026-03-10", None),
    ({**ONE_OFF, "cancelled_on": D("2026-03-17")}, [], "2026-03-16", (OVERDUE, "2026-03-13")),
    # the Holiday table moves a deadline
    ({"deadline": D("2026-09-02")}, [], "2026-09-02", None),
    ({"deadline": D("2026-09-02")}, [], "2026-09-03", (DUE_TODAY, "2026-09-02")),
    ({"deadline": D("2026-09-02")}, [], "2026-08-27", (UPCOMING, "2026-09-02")),
    # monthly from Saturday 31/01: the open occurrence counts (31/01 → Monday 02/02; 28/02 →
    # Monday 02/03; 31/03), each completion opens the next
    (MONTHLY, [], "2026-02-03", (OVERDUE, "2026-01-31")),
    (MONTHLY, [DONE_0202], "2026-02-25", (UPCOMING, "2026-02-28")),
    (MONTHLY, [DONE_0202], "2026-03-02", (DUE_TODAY, "2026-02-28")),
    (MONTHLY, [DONE_0202], "2026-02-03", None),
    # it ends with the last occurrence due by last_due: done when that one is
    (ENDING, [DONE_0202, ("2026-03-02", True, "")], "2026-03-26", None),
    (ENDING, [DONE_0202], "2026-03-31", (OVERDUE, "2026-02-28")),
]


@pytest.mark.parametrize(("fields", "reports", "on", "expected"), TASKS)
def test_which_tasks_get_which_reminder(
    directive: Directive, reporter: Any, own_unit: OrgUnit, fields: Any, reports: Any, on: str,
    expected: Any,
) -> None:  # fmt: skip
    # given
    Holiday.objects.create(date=D("2026-09-01"), name="Quốc khánh")
    Holiday.objects.create(date=D("2026-09-02"), name="Quốc khánh")
    task = _task(directive, own_unit, **fields)
    for day, done, review in reports:
        _report(task, reporter, day, done=done, review=review)
    # when
    found = reminders.reminders_on(D(on), before=3)
    # then
    assert [(r.task, r.kind, r.due.isoformat()) for r in found] == (
        [(task, *expected)] if expected else []
    )


def test_the_setting_sets_how_many_working_days_before(
    directive: Directive, reporter: Any, own_unit: OrgUnit, settings: Any
) -> None:
    # given
    settings.STEERING_REMINDER_DAYS_BEFORE = 5
    task = _task(directive, own_unit, deadline=D("2026-03-13"))
    # then: Friday 06/03 is 5 working days before Friday 13/03
    assert [r.task for r in reminders.reminders_on(D("2026-03-06"))] == [task]
    assert reminders.reminders_on(D("2026-03-10")) == []
    send_reminders(on=D("2026-03-06"))
    assert Notification.objects.get().title == "Due in 5 working days: Số hóa hồ sơ"


# Who gets them ---------------------------------------------------------------------------------


def test_the_lead_units_active_reporters_get_them_and_nobody_else(
    directive: Directive, reporter: Any, own_unit: OrgUnit, other_unit: OrgUnit, users: Any
) -> None:
    # given: a second reporter of the lead unit without an e-mail address; an inactive one; a
    # reporter of a co-operating unit; a reporter also in the center staff group (so staff)
    no_email = UserFactory(
        username="khongthu", role=Role.UNIT_REPORTER, org_unit=own_unit, email=""
    )
    UserFactory(username="danghi", role=Role.UNIT_REPORTER, org_unit=own_unit, is_active=False)
    UserFactory(username="phoihop", role=Role.UNIT_REPORTER, org_unit=other_unit)
    both = UserFactory(username="kiemnhiem", role=Role.CENTER_STAFF, org_unit=own_unit)
    both.groups.add(*users[Role.UNIT_REPORTER].groups.all())
    task = _task(directive, own_unit, deadline=D("2026-03-13"))
    task.co_units.set([other_unit])
    # when
    run = send_reminders(on=D("2026-03-13"))
    # then
    assert reminders.recipients_of([task]) == {task.pk: [no_email, reporter]}  # by username
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        reporter.pk, no_email.pk,
    }  # fmt: skip
    assert [message.to for message in mail.outbox] == [[reporter.email]]
    assert (run.notifications, run.emails, len(run.tasks)) == (2, 1, 1)


def test_when_the_lead_unit_has_no_reporter_the_center_staff_get_them(
    directive: Directive, other_unit: OrgUnit, users: Any
) -> None:
    # given: a second staff member, one inactive; the leader and the administrator never get them
    second = UserFactory(username="zz_canbo", role=Role.CENTER_STAFF)
    UserFactory(role=Role.CENTER_STAFF, is_active=False)
    task = _task(directive, other_unit, deadline=D("2026-03-13"))
    # when
    send_reminders(on=D("2026-03-16"))
    # then
    staff = users[Role.CENTER_STAFF]
    assert reminders.recipients_of([task]) == {task.pk: [staff, second]}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {staff.pk, second.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([staff.email, second.email])


# Sending, once ---------------------------------------------------------------------------------


def test_running_twice_sends_nothing_twice(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    # given
    task = _task(directive, own_unit, deadline=D("2026-03-13"))
    # when
    first = send_reminders(on=D("2026-03-16"))
    second = send_reminders(on=D("2026-03-16"))
    # then
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=reporter).count() == 1
    assert ReminderLog.objects.count() == 1
    assert (first.notifications, first.emails, first.already_sent) == (1, 1, 0)
    assert (second.notifications, second.emails, second.already_sent) == (0, 0, 1)
    log = ReminderLog.objects.get()
    assert (log.task, log.due, log.kind, log.sent_on, log.recipient) == (
        task, D("2026-03-13"), OVERDUE, D("2026-03-16"), reporter,
    )  # fmt: skip
    assert log.emailed_at is not None and log.email_error == ""


def test_the_next_day_brings_the_next_reminder(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    _task(directive, own_unit, deadline=D("2026-03-13"))
    for day in ("2026-03-10", "2026-03-13", "2026-03-13", "2026-03-14", "2026-03-16", "2026-03-17"):
        send_reminders(on=D(day))
    assert list(ReminderLog.objects.order_by("sent_on").values_list("sent_on", "kind")) == [
        (D("2026-03-10"), UPCOMING), (D("2026-03-13"), DUE_TODAY),
        (D("2026-03-16"), OVERDUE), (D("2026-03-17"), OVERDUE),
    ]  # fmt: skip
    assert len(mail.outbox) == 4
    assert Notification.objects.filter(recipient=reporter).count() == 4


def test_one_email_lists_all_of_a_users_reminders_with_links(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    # given
    late = _task(directive, own_unit, "Số hóa hồ sơ", deadline=D("2026-03-13"))
    soon = _task(directive, own_unit, "Triển khai IOC xã", deadline=D("2026-03-20"))
    # when
    send_reminders(on=D("2026-03-17"))
    # then
    [message] = mail.outbox
    assert message.subject == "[Tỉnh Số] 2 task deadlines need your attention"
    assert message.to == [reporter.email]
    assert "* Overdue (due 2026-03-13): Số hóa hồ sơ\n" in message.body
    assert "* Due in 3 working days: Triển khai IOC xã\n" in message.body
    assert f"http://127.0.0.1:8000/steering/tasks/{late.pk}/\n" in message.body
    assert f"http://127.0.0.1:8000/steering/tasks/{soon.pk}/\n" in message.body
    assert "Directive 05-KH/BCĐ, lead unit Phường Đoàn Kết. Deadline 2026-03-20." in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped
    notes = Notification.objects.filter(recipient=reporter).order_by("title")
    assert [(n.title, n.link) for n in notes] == [
        ("Due in 3 working days: Triển khai IOC xã", f"/steering/tasks/{soon.pk}/"),
        ("Overdue (due 2026-03-13): Số hóa hồ sơ", f"/steering/tasks/{late.pk}/"),
    ]


def test_a_single_reminder_is_the_subject_and_names_a_holiday_deadline(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    Holiday.objects.create(date=D("2026-09-02"), name="Quốc khánh")
    _task(directive, own_unit, "Xóa điểm lõm sóng", deadline=D("2026-09-02"))
    send_reminders(on=D("2026-09-03"))
    [message] = mail.outbox
    assert message.subject == "[Tỉnh Số] Due today: Xóa điểm lõm sóng"
    assert "Deadline 2026-09-03 (2026-09-02 is a day off)." in message.body


def test_a_crash_before_the_commit_leaves_nothing_and_the_rerun_sends_once(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    # given: two reminders for the reporter; the second notification fails
    _task(directive, own_unit, "Một", deadline=D("2026-03-13"))
    _task(directive, own_unit, "Hai", deadline=D("2026-03-13"))
    real_notify = reminders.notify
    calls = {"n": 0}

    def failing(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("the database went away")
        return real_notify(**kwargs)

    # when
    with mock.patch.object(reminders, "notify", failing), pytest.raises(IntegrityError):
        send_reminders(on=D("2026-03-16"))
    # then: nothing was kept, nothing mailed
    assert (ReminderLog.objects.count(), Notification.objects.count(), len(mail.outbox)) == (
        0,
        0,
        0,
    )
    # when: the rerun
    send_reminders(on=D("2026-03-16"))
    send_reminders(on=D("2026-03-16"))
    # then
    assert (ReminderLog.objects.count(), Notification.objects.count(), len(mail.outbox)) == (
        2,
        2,
        1,
    )


def test_a_failed_email_is_recorded_and_never_sent_twice(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    # given
    _task(directive, own_unit, deadline=D("2026-03-13"))
    # when: the mail server refuses
    with mock.patch.object(reminders, "send_mail", side_effect=OSError("Connection refused")):
        run = send_reminders(on=D("2026-03-16"))
    rerun = send_reminders(on=D("2026-03-16"))
    # then: the notification is there, the failure is kept, the rerun sends nothing
    assert (run.emails, run.email_failures, run.notifications) == (0, 1, 1)
    assert (rerun.emails, rerun.notifications, rerun.already_sent) == (0, 0, 1)
    log = ReminderLog.objects.get()
    assert (log.emailed_at, log.email_error) == (None, "Connection refused")
    assert Notification.objects.filter(recipient=reporter).count() == 1
    assert mail.outbox == []


def test_a_row_another_run_wrote_meanwhile_is_not_sent_again(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    # given: the rows this run read did not include one another run has just written
    task = _task(directive, own_unit, deadline=D("2026-03-13"))
    pending = reminders.reminders_on(D("2026-03-16"))
    ReminderLog.objects.create(
        task=task, due=D("2026-03-13"), kind=OVERDUE, sent_on=D("2026-03-16"), recipient=reporter
    )
    run = reminders.ReminderRun(on=D("2026-03-16"))
    # when
    fresh = reminders._record(reporter, pending, D("2026-03-16"), run)
    # then
    assert (fresh, run.already_sent, Notification.objects.count()) == ([], 1, 0)


def test_a_dry_run_counts_and_writes_nothing(
    directive: Directive, reporter: Any, own_unit: OrgUnit
) -> None:
    _task(directive, own_unit, deadline=D("2026-03-13"))
    run = send_reminders(on=D("2026-03-16"), dry_run=True)
    assert (run.notifications, run.emails, len(run.tasks)) == (1, 1, 1)
    assert (ReminderLog.objects.count(), Notification.objects.count(), len(mail.outbox)) == (
        0,
        0,
        0,
    )


# The command -----------------------------------------------------------------------------------


def test_the_command_prints_what_it_sent(
    directive: Directive, reporter: Any, own_unit: OrgUnit, other_unit: OrgUnit, users: Any
) -> None:
    # given: one task of the reporter's unit, one of a unit with no reporter (center staff)
    _task(directive, own_unit, deadline=D("2026-03-13"))
    _task(directive, other_unit, deadline=D("2026-03-19"))
    out = StringIO()
    # when
    call_command("send_reminders", "--date", "2026-03-16", "--dry-run", stdout=out)
    call_command("send_reminders", "--date", "2026-03-16", stdout=out)
    call_command("send_reminders", "--date", "2026-03-16", stdout=out)
    # then
    assert out.getvalue().splitlines() == [
        "2026-03-16: would send 2 notification(s) about 2 task(s) (upcoming 1, due_today 0, "
        "overdue 1) and 2 e-mail(s); 0 already sent today.",
        "2026-03-16: sent 2 notification(s) about 2 task(s) (upcoming 1, due_today 0, "
        "overdue 1) and 2 e-mail(s); 0 already sent today.",
        "2026-03-16: sent 0 notification(s) about 0 task(s) (upcoming 0, due_today 0, "
        "overdue 0) and 0 e-mail(s); 2 already sent today.",
    ]
    assert len(mail.outbox) == 2


def test_the_command_refuses_a_bad_date(db: Any) -> None:
    with pytest.raises(Exception, match=r"'2026-02-30' is not a date: use YYYY-MM-DD\."):
        call_command("send_reminders", "--date", "2026-02-30")


def test_the_command_defaults_to_today_in_the_province(
    directive: Directive, reporter: Any, own_unit: OrgUnit, monkeypatch: Any
) -> None:
    monkeypatch.setattr(reminders, "local_date", lambda: D("2026-03-13"))
    _task(directive, own_unit, deadline=D("2026-03-13"))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("2026-03-13: sent 1 notification(s) about 1 task(s) (")
    assert ReminderLog.objects.get().kind == DUE_TODAY


# The daily job ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-03-16T06:59:59+07:00", "2026-03-16T07:00:00+07:00"),
        ("2026-03-16T07:00:00+07:00", "2026-03-17T07:00:00+07:00"),
        ("2026-03-16T07:00:01+07:00", "2026-03-17T07:00:00+07:00"),
        ("2026-03-15T23:30:00+00:00", "2026-03-16T07:00:00+07:00"),  # 06:30 in the province
        ("2026-03-31T20:00:00+07:00", "2026-04-01T07:00:00+07:00"),
    ],
)
def test_the_next_run_is_the_next_seven_oclock_in_the_province(now: str, expected: str) -> None:
    at = tasks.next_run_at(dt.datetime.fromisoformat(now))
    assert at == dt.datetime.fromisoformat(expected)
    assert at.tzinfo == PROVINCE_ZONE


def test_the_task_sends_todays_reminders(
    directive: Directive, reporter: Any, own_unit: OrgUnit, monkeypatch: Any
) -> None:
    # given: the test settings run tasks at once, where nothing can be scheduled for later
    monkeypatch.setattr(reminders, "local_date", lambda: D("2026-03-16"))
    _task(directive, own_unit, deadline=D("2026-03-13"))
    # when
    result = tasks.send_reminders_task.enqueue()
    # then
    assert result.return_value == {
        "date": "2026-03-16", "dry_run": False, "notifications": 1, "tasks": 1, "emails": 1,
        "email_failures": 0, "already_sent": 0, "upcoming": 0, "due_today": 0, "overdue": 1,
    }  # fmt: skip
    assert tasks.schedule_reminders() is None
    assert len(mail.outbox) == 1


@pytest.fixture
def database_queue(settings: Any) -> None:
    """The real backend of `make run`: a task enqueued is a row for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued() -> list[tuple[str, dt.datetime | None]]:
    rows = DBTaskResult.objects.filter(task_path="tinhso.steering.tasks.send_reminders_task")
    return [(row.status, row.task_result.task.run_after) for row in rows.order_by("enqueued_at")]


def test_scheduling_queues_one_run_and_never_a_second(db: Any, database_queue: None) -> None:
    # when: the site starts twice
    first = tasks.schedule_reminders()
    again = tasks.schedule_reminders()
    # then: one run, now
    assert first == tasks.Scheduled(run_after=None, created=True)
    assert again == tasks.Scheduled(run_after=None, created=False)
    assert _queued() == [("READY", None)]


def test_a_run_waiting_for_tomorrow_is_kept(db: Any, database_queue: None) -> None:
    at = dt.datetime(2026, 3, 17, 7, tzinfo=PROVINCE_ZONE)
    assert tasks.schedule_reminders(at=at) == tasks.Scheduled(run_after=at, created=True)
    assert tasks.schedule_reminders() == tasks.Scheduled(run_after=at, created=False)
    assert _queued() == [("READY", at)]


def test_the_running_job_sends_and_schedules_the_next_morning(
    directive: Directive, reporter: Any, own_unit: OrgUnit, database_queue: None, monkeypatch: Any
) -> None:
    # given: the job is running (its row no longer waits); 10:15 on Monday 16/03
    now = dt.datetime(2026, 3, 16, 10, 15, tzinfo=PROVINCE_ZONE)
    monkeypatch.setattr(timezone, "now", lambda: now)
    monkeypatch.setattr(reminders, "local_date", lambda: D("2026-03-16"))
    _task(directive, own_unit, deadline=D("2026-03-13"))
    tasks.schedule_reminders()
    DBTaskResult.objects.update(status="RUNNING")
    # when: the worker runs it
    outcome = tasks.send_reminders_task.call()
    # then
    assert outcome["overdue"] == 1
    assert len(mail.outbox) == 1
    tomorrow = dt.datetime(2026, 3, 17, 7, tzinfo=PROVINCE_ZONE)
    assert _queued() == [("RUNNING", None), ("READY", tomorrow)]


def test_a_failing_run_still_schedules_the_next(db: Any, database_queue: None) -> None:
    with (
        mock.patch.object(tasks, "send_reminders", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        tasks.send_reminders_task.call()
    assert [status for status, _at in _queued()] == ["READY"]


def test_the_schedule_command_says_what_it_did(db: Any, database_queue: None) -> None:
    out = StringIO()
    call_command("schedule_reminders", stdout=out)
    call_command("schedule_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "Deadline reminders: queued to run as soon as the worker is free.",
        "Deadline reminders: already queued to run as soon as the worker is free.",
    ]
    assert len(_queued()) == 1
