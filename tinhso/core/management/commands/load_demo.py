"""python manage.py load_demo: the Lai Châu demo, module by module. Safe to run again."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

# Each module's demo, in dependency order; a module adds itself here when it has one.
DEMO_MODULES = [
    "tinhso.orgunits.demo",
    "tinhso.accounts.demo",
    "tinhso.monitoring.demo",
    "tinhso.steering.demo",
    "tinhso.traceability.demo",
]


class Command(BaseCommand):
    help = "Load the Lai Châu demonstration data (org tree, accounts, ...). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even with DEBUG off.")

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off; add --force if you mean it."
            )
        with translation.override("vi"):
            for path in DEMO_MODULES:
                for line in import_module(path).load():
                    self.stdout.write(line)
