"""Deadline reminders: which are due on a local date, who gets them, and sending them.

When (all dates are province-local; working days are Monday to Friday less the Holiday table,
as in tinhso.steering.status):

- the deadline that counts is the open one (a recurring task's open occurrence, which ends with
  ``last_due``), moved forward to the next working day when it falls on a day off — the same
  date the status is judged on;
- UPCOMING on the working day that is exactly STEERING_REMINDER_DAYS_BEFORE working days before
  it (3 by default: a deadline on Monday is announced on the Wednesday before). Working days,
  not calendar days, so that a reminder never lands on a weekend or a holiday where nobody reads
  it, and the lead time is the same whatever the weekday;
- DUE_TODAY on the deadline itself;
- OVERDUE on every working day after it, until the task is done (a reported completion counts
  while the center has not returned it) or cancelled. Days off are skipped for the same reason.
  A day the job does not run is not caught up: the next run sends that day's reminders.

Who: the active users whose role is unit reporter and whose org unit is the task's lead unit —
the unit answerable for the deadline. Reporters of co-operating units are not reminded: they
see the task in their list, but a daily e-mail about another unit's deadline would be noise.
When the lead unit has no such reporter, the center staff (active, role center staff) get the
reminder instead, so that no deadline passes unnoticed. Everyone gets an in-app notification
for each reminder; those with an e-mail address also get ONE e-mail per run that lists all of
their new reminders (a digest, not one e-mail per task).

Idempotency: a reminder is one ReminderLog row, unique on task × due date × kind × local date ×
recipient. For each recipient the rows and the in-app notifications (unique on recipient × key)
are written in one transaction, and only after it commits is the e-mail sent, for the rows that
this run created. So running the job twice on a day sends nothing twice, and two runs at the
same moment cannot both create a row (the unique constraint decides; the loser skips it). A
crash before the commit leaves nothing and the rerun sends it all; a crash after the commit but
before the e-mail leaves the notification and a row with ``emailed_at`` empty, which no rerun
sends again: e-mail is at most once, never twice. A failed send is kept in ``email_error``.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.accounts.models import User
from tinhso.core.dates import local_date
from tinhso.core.roles import Role
from tinhso.notifications.services import notify
from tinhso.steering.choices import OPEN_STATUSES
from tinhso.steering.models import ReminderKind, ReminderLog, Task
from tinhso.steering.selectors import task_states, work_calendar
from tinhso.steering.status import WorkCalendar

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    """A reminder a task is due on a date: its kind, the open deadline as set (``due``), the
    working day it counts from (``effective_due``) and the working days left until then."""

    task: Task
    kind: ReminderKind
    due: dt.date
    effective_due: dt.date
    days_left: int = 0


def days_before() -> int:
    return int(getattr(settings, "STEERING_REMINDER_DAYS_BEFORE", 3))


def reminder_kind(
    due: dt.date, on: dt.date, *, calendar: WorkCalendar, before: int
) -> ReminderKind | None:
    """The reminder an open deadline ``due`` gets on the local date ``on``, if any."""
    if not calendar.is_working_day(on):
        return None
    effective = calendar.roll_forward(due)
    if on > effective:
        return ReminderKind.OVERDUE
    if on == effective:
        return ReminderKind.DUE_TODAY
    if before > 0 and calendar.working_days_between(on, effective) == before:
        return ReminderKind.UPCOMING
    return None


def reminders_on(on: dt.date, *, before: int | None = None) -> list[Reminder]:
    """Every reminder due on the local date ``on``, in task order. Progress counts as it
    stands now (``on`` in the past does not undo later reports)."""
    before = days_before() if before is None else before
    calendar = work_calendar()
    tasks = list(
        Task.objects.filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on))
        .select_related("directive", "lead_unit")
        .order_by("pk")
    )
    states = task_states(tasks, on, calendar)
    reminders = []
    for task in tasks:
        state = states[task.pk]
        due = state.facts.due
        if due is None or state.status not in OPEN_STATUSES:
            continue
        kind = reminder_kind(due, on, calendar=calendar, before=before)
        if kind is not None:
            effective = calendar.roll_forward(due)
            left = max(calendar.working_days_between(on, effective), 0)
            reminders.append(Reminder(task, kind, due, effective, left))
    return reminders


def recipients_of(tasks: Iterable[Task]) -> dict[int, list[User]]:
    """Who is reminded of each task, by task id: the lead unit's active reporters, else the
    active center staff. At most four queries whatever the number of tasks."""
    tasks = list(tasks)
    reporters: dict[int, list[User]] = defaultdict(list)
    lead_units = {task.lead_unit_id for task in tasks}
    for user in _users_with_role(Role.UNIT_REPORTER, org_unit_id__in=lead_units):
        assert user.org_unit_id is not None
        reporters[user.org_unit_id].append(user)
    staff: list[User] | None = None
    recipients = {}
    for task in tasks:
        users = reporters.get(task.lead_unit_id)
        if not users:
            staff = _users_with_role(Role.CENTER_STAFF) if staff is None else staff
            users = staff
        recipients[task.pk] = users
    return recipients


def _users_with_role(role: Role, **lookups: Any) -> list[User]:
    """Active users whose role is ``role`` (a user's role is their first role group, and a
    superuser is an administrator: read in Python, as User.role does)."""
    users = (
        User.objects.filter(is_active=True, groups__name=role.value, **lookups)
        .distinct()
        .prefetch_related("groups")
        .order_by("username")
    )
    return [user for user in users if user.role is role]


@dataclass
class ReminderRun:
    """What one run sent (or, dry, would send): reminders (= in-app notifications) by kind,
    the tasks they are about, e-mails, failed e-mails, and reminders already sent that day."""

    on: dt.date
    dry_run: bool = False
    by_kind: Counter[str] = field(default_factory=Counter)
    tasks: set[int] = field(default_factory=set)
    emails: int = 0
    email_failures: int = 0
    already_sent: int = 0

    @property
    def notifications(self) -> int:
        return sum(self.by_kind.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.on.isoformat(), "dry_run": self.dry_run,
            "notifications": self.notifications, "tasks": len(self.tasks),
            "emails": self.emails, "email_failures": self.email_failures,
            "already_sent": self.already_sent,
            **{kind.value: self.by_kind[kind.value] for kind in ReminderKind},
        }  # fmt: skip


def send_reminders(*, on: dt.date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send the reminders due on the local date ``on`` (today by default) that were not sent
    yet; with ``dry_run``, count them and write nothing. The daily job and the command."""
    on = on or local_date()
    run = ReminderRun(on=on, dry_run=dry_run)
    reminders = reminders_on(on)
    recipients = recipients_of({reminder.task.pk: reminder.task for reminder in reminders}.values())
    sent = set(
        ReminderLog.objects.filter(sent_on=on).values_list("task_id", "due", "kind", "recipient_id")
    )
    by_user: dict[int, tuple[User, list[Reminder]]] = {}
    for reminder in reminders:
        for user in recipients[reminder.task.pk]:
            if (reminder.task.pk, reminder.due, reminder.kind, user.pk) in sent:
                run.already_sent += 1
                continue
            by_user.setdefault(user.pk, (user, []))[1].append(reminder)
    for user, pending in by_user.values():
        fresh = pending if dry_run else _record(user, pending, on, run)
        for reminder in fresh:
            run.by_kind[reminder.kind] += 1
            run.tasks.add(reminder.task.pk)
        if fresh and user.email:
            if dry_run:
                run.emails += 1
            else:
                _email(user, fresh, on, run)
    return run


def _record(user: User, pending: list[Reminder], on: dt.date, run: ReminderRun) -> list[Reminder]:
    """Write the reminders' rows and notifications in one transaction; returns those this run
    created (another run may have created some since ``pending`` was read)."""
    fresh = []
    with transaction.atomic():
        for reminder in pending:
            log, created = ReminderLog.objects.get_or_create(
                task=reminder.task, due=reminder.due, kind=reminder.kind, sent_on=on,
                recipient=user,
            )  # fmt: skip
            if not created:
                run.already_sent += 1
                continue
            notify(recipient=user, key=log.key, link=task_path(reminder.task), **_message(reminder))
            fresh.append(reminder)
    return fresh


def _email(user: User, reminders: list[Reminder], on: dt.date, run: ReminderRun) -> None:
    """One e-mail listing the user's new reminders, after their rows are committed (callers
    run outside any transaction: the command and the task do)."""
    context = {
        "user": user, "on": on, "count": len(reminders), "site_url": settings.SITE_URL,
        "items": [_item(reminder) for reminder in reminders],
        "notifications_url": settings.SITE_URL + reverse("notifications:list"),
    }  # fmt: skip
    subject = " ".join(render_to_string("steering/email/reminder_subject.txt", context).split())
    body = render_to_string("steering/email/reminder_body.txt", context)
    logs = ReminderLog.objects.filter(_keys(reminders), sent_on=on, recipient=user)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as exc:  # a mail server's trouble must not stop the other recipients
        logger.exception("Reminder e-mail to %s failed", user.email)
        logs.update(email_error=str(exc)[:1000])
        run.email_failures += 1
        return
    logs.update(emailed_at=timezone.now())
    run.emails += 1


def _keys(reminders: list[Reminder]) -> Q:
    """Matches the rows of these reminders (with the recipient and date filtered besides)."""
    return reduce(
        operator.or_, (Q(task=r.task, due=r.due, kind=r.kind) for r in reminders), Q(pk__in=[])
    )


def task_path(task: Task) -> str:
    """The task's page on this site."""
    return reverse("steering:task_detail", args=[task.pk])


def _message(reminder: Reminder) -> dict[str, str]:
    """The notification's title and body, in the language active when sending."""
    due = date_format(reminder.effective_due, "SHORT_DATE_FORMAT")
    names = {"task": reminder.task.title, "due": due, "days": reminder.days_left}
    if reminder.kind == ReminderKind.UPCOMING:
        title = ngettext(
            "Due in %(days)s working day: %(task)s",
            "Due in %(days)s working days: %(task)s",
            reminder.days_left,
        )
    elif reminder.kind == ReminderKind.DUE_TODAY:
        title = _("Due today: %(task)s")
    else:
        title = _("Overdue (due %(due)s): %(task)s")
    return {"title": title % names, "body": _describe(reminder)}


def _describe(reminder: Reminder) -> str:
    task = reminder.task
    names = {
        "directive": task.directive.number, "unit": task.lead_unit.name,
        "due": date_format(reminder.effective_due, "SHORT_DATE_FORMAT"),
        "set": date_format(reminder.due, "SHORT_DATE_FORMAT"),
    }  # fmt: skip
    if reminder.due != reminder.effective_due:
        text = _(
            "Directive %(directive)s, lead unit %(unit)s. Deadline %(due)s (%(set)s is a day off)."
        )
    else:
        text = _("Directive %(directive)s, lead unit %(unit)s. Deadline %(due)s.")
    return text % names


def _item(reminder: Reminder) -> dict[str, Any]:
    message = _message(reminder)
    return {
        "kind": reminder.kind, "headline": message["title"], "title": reminder.task.title,
        "due": reminder.effective_due, "description": message["body"],
        "url": settings.SITE_URL + task_path(reminder.task),
    }  # fmt: skip
