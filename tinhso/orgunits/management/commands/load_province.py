"""python manage.py load_province 12 [11 ...]: load provinces from the official list."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.policies import SYSTEM
from tinhso.orgunits.services import load_province


class Command(BaseCommand):
    help = (
        "Create or refresh provinces and their communes/wards from the vietnam-provinces package."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "codes", nargs="+", help="Official province codes, e.g. 12 for Lai Châu."
        )

    def handle(self, *args: Any, codes: list[str], **options: Any) -> None:
        for code in codes:
            try:
                summary = load_province(actor=SYSTEM, province_code=code)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(
                f"{code}: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged"
            )
