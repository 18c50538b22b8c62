"""python manage.py sync_traceability_indicators [--year Y] [--dry-run]: count the traceability
registry into the monitoring values TRACEABILITY_ENTERPRISES and TRACEABILITY_PRODUCTS_QR of each
commune and ward (see tinhso.traceability.indicators). Safe to run again: same counts, nothing
written."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tinhso.core.dates import local_date
from tinhso.core.policies import SYSTEM
from tinhso.traceability.indicators import (
    first_batch_year,
    provinces_with_enterprises,
    sync_traceability_indicators,
)


class Command(BaseCommand):
    help = (
        "Write the enterprises using traceability and the products with a QR code of each "
        "commune and ward as their yearly monitoring values. Default: every year from the "
        "first batch recorded on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only this year (default: every year).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be written; write nothing."
        )

    def handle(self, *args: Any, year: int | None, dry_run: bool, **options: Any) -> None:
        today = local_date()
        if year is not None and year > today.year:
            raise CommandError(f"The year {year} has not begun.")
        provinces = provinces_with_enterprises()
        if not provinces:
            self.stdout.write("No enterprise is registered in a commune: nothing to count.")
        try:
            with transaction.atomic():
                for province in provinces:
                    first = first_batch_year(province) or today.year
                    years = [year] if year is not None else range(first, today.year + 1)
                    for each in years:
                        summary = sync_traceability_indicators(
                            actor=SYSTEM, year=each, province=province, today=today,
                            dry_run=dry_run,
                        )  # fmt: skip
                        for line in summary.lines():
                            self.stdout.write(line)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
