"""python manage.py import_tasks FILE [--dry-run] [--actor USERNAME]: tasks from an Excel sheet,
all rows or none, with the same row messages as the import page."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.core.policies import SYSTEM
from tinhso.steering.import_workbook import MAX_BYTES
from tinhso.steering.imports import CREATE, RowResult, import_tasks, outcome


class Command(BaseCommand):
    help = (
        "Create tasks from a filled-in Excel template (.xlsx). Nothing is written if any row "
        "is wrong; rows matching a recorded task are left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help="The user the tasks are recorded by (center staff or administrator); "
            "by default the system.",
        )

    def handle(
        self, *args: Any, file: Path, dry_run: bool, actor: str | None, **options: Any
    ) -> None:
        user = self._actor(actor)
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(f"{file}: larger than {MAX_BYTES // 1_000_000} MB.")
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            summary = import_tasks(actor=user, data=data, dry_run=dry_run)
        except PermissionDenied:
            raise CommandError(f"{user.get_username()} may not add tasks.") from None
        for error in summary.errors:
            self.stderr.write(str(error))
        if not summary.ok:
            raise CommandError(outcome(summary))
        for result in summary.results:
            self.stdout.write(_line(result, dry_run))
        self.stdout.write(outcome(summary))

    def _actor(self, username: str | None) -> Any:
        if username is None:
            return SYSTEM
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named “{username}”.")
        return user


def _line(result: RowResult, dry_run: bool) -> str:
    values = {
        "row": result.row, "title": result.title, "unit": result.lead_unit,
        "id": result.task_id, "note": result.note,
    }  # fmt: skip
    if result.action != CREATE:
        line = _("Row %(row)s: unchanged, task #%(id)s: %(title)s (%(unit)s)") % values
        return f"{line} {result.note}".rstrip()
    if dry_run:
        return _("Row %(row)s: would create: %(title)s (%(unit)s)") % values
    return _("Row %(row)s: created task #%(id)s: %(title)s (%(unit)s)") % values
