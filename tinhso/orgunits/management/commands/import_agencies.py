"""python manage.py import_agencies FILE [--dry-run]: agencies from a CSV, all rows or none."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.policies import SYSTEM
from tinhso.orgunits.services import import_agencies


class Command(BaseCommand):
    help = "Create or update agencies from a CSV file. Nothing is written if any row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        summary = import_agencies(actor=SYSTEM, data=data, dry_run=dry_run)
        for error in summary.errors:
            self.stderr.write(str(error))
        if not summary.ok:
            raise CommandError(f"{len(summary.errors)} problem(s); nothing was written.")
        prefix = "dry run: would be " if dry_run else ""
        counts = (
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
        )
        self.stdout.write(prefix + counts)
