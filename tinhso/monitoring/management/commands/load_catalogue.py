"""python manage.py load_catalogue [--province 12]: the built-in Res-57 catalogue, its 2030
targets and the province's real facts, without any demo data. Safe to run again."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tinhso.core.policies import SYSTEM
from tinhso.monitoring.catalogue import load_catalogue


class Command(BaseCommand):
    help = (
        "Load the monitoring catalogue (Resolution 57 indicators, data sets, 2030 targets) and "
        "the province's real facts. Creates what is missing; changes nothing that exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", default="12", help="Official code of the province (default: 12)."
        )

    def handle(self, *args: Any, province: str, **options: Any) -> None:
        try:
            with translation.override("vi"):
                summary = load_catalogue(actor=SYSTEM, province_code=province)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line in summary.lines():
            self.stdout.write(line)
