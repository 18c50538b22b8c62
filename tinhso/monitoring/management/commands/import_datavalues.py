"""python manage.py import_datavalues FILE [--dry-run]: a DHIS2 dataValueSets file (JSON or CSV)
or a filled-in Excel template."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.policies import SYSTEM
from tinhso.monitoring.services import FILE_FORMATS, import_data_values, parse_file


class Command(BaseCommand):
    help = (
        "Import data values (dataValueSets JSON or CSV, codes as ids, or an Excel template). "
        "All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument("--format", choices=FILE_FORMATS, help="Default: from the file name.")

    def handle(
        self, *args: Any, file: Path, dry_run: bool, format: str | None, **options: Any
    ) -> None:
        suffix = file.suffix.lower().lstrip(".")
        file_format = format or (suffix if suffix in FILE_FORMATS else "json")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        values, errors = parse_file(data, file_format)
        if errors:
            raise CommandError("; ".join(f"row {e.row}, {e.field}: {e.message}" for e in errors))
        summary = import_data_values(
            actor=SYSTEM, values=values, dry_run=dry_run, source=file.name, file_format=file_format
        )
        counts = (
            f"imported {summary.imported}, updated {summary.updated}, "
            f"ignored {summary.ignored}, conflicts {len(summary.conflicts)}"
        )
        self.stdout.write(("dry run: " if dry_run else "") + counts)
        for conflict in summary.conflicts[:100]:
            self.stderr.write(f"row {conflict.row}, {conflict.field}: {conflict.message}")
        if summary.conflicts:
            raise CommandError(f"{len(summary.conflicts)} conflict(s); nothing was written.")
