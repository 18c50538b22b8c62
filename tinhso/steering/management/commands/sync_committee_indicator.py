"""python manage.py sync_committee_indicator [--year Y]: count the steering committees register
into the monitoring values STEERING_COMMITTEES_AGENCIES and STEERING_COMMITTEES_LOCALITIES of each
province (see tinhso.steering.committees). Safe to run again: same counts, nothing written."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tinhso.core.dates import local_date
from tinhso.core.policies import SYSTEM
from tinhso.steering.committees import (
    first_decision_year,
    provinces_with_committees,
    sync_committee_indicator,
)


class Command(BaseCommand):
    help = (
        "Write the number of agencies and of communes/wards with a steering committee as the "
        "province's yearly monitoring values. Default: every year from the first decision on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only this year (default: every year).")

    def handle(self, *args: Any, year: int | None, **options: Any) -> None:
        today = local_date()
        if year is not None and year > today.year:
            raise CommandError(f"The year {year} has not begun.")
        provinces = provinces_with_committees()
        if not provinces:
            self.stdout.write("No steering committee is recorded: nothing to count.")
        try:
            with transaction.atomic():
                for province in provinces:
                    first = first_decision_year(province) or today.year
                    years = [year] if year is not None else range(first, today.year + 1)
                    for each in years:
                        summary = sync_committee_indicator(
                            actor=SYSTEM, year=each, province=province, today=today
                        )
                        for line in summary.lines():
                            self.stdout.write(line)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
