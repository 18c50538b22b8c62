"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]: the deadline reminders due
on a date (today in the province by default) that were not sent yet. Safe to run again."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.steering.models import ReminderKind
from tinhso.steering.reminders import send_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Send the deadline reminders (in-app and e-mail) due on a date, today by default. "
        "Reminders already sent that day are not sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The province-local date, YYYY-MM-DD; default today.")
        parser.add_argument("--dry-run", action="store_true", help="Count; send nothing.")

    def handle(self, *args: Any, date: str | None, dry_run: bool, **options: Any) -> None:
        run = send_reminders(on=_date(date) if date else None, dry_run=dry_run)
        kinds = ", ".join(f"{kind.value} {run.by_kind[kind.value]}" for kind in ReminderKind)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{run.on.isoformat()}: {verb} {run.notifications} notification(s) about "
            f"{len(run.tasks)} task(s) ({kinds}) and {run.emails} e-mail(s); "
            f"{run.already_sent} already sent today."
        )
        if run.email_failures:
            self.stderr.write(f"{run.email_failures} e-mail(s) failed; see the log.")
