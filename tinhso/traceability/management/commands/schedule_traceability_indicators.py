"""python manage.py schedule_traceability_indicators: make sure the daily job that counts the
traceability registry into monitoring is queued. scripts/serve runs it before starting the
worker; it never queues a second run."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.core.daily import describe
from tinhso.traceability.tasks import schedule_traceability_indicators


class Command(BaseCommand):
    help = (
        "Queue the daily traceability-indicators job to run now (it then queues itself for "
        "each next night), unless a run is already waiting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(describe("Traceability indicators", schedule_traceability_indicators()))
