"""python manage.py schedule_traceability_indicators: make sure the daily job that counts the
traceability registry into monitoring is queued. scripts/serve runs it before starting the
worker; it never queues a second run."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.traceability.tasks import schedule_traceability_indicators


class Command(BaseCommand):
    help = (
        "Queue the daily traceability-indicators job to run now (it then queues itself for "
        "each next night), unless a run is already waiting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduled = schedule_traceability_indicators()
        if scheduled is None:
            self.stdout.write(
                "Traceability indicators: this task backend cannot schedule; not queued."
            )
            return
        when = (
            f"at {timezone.localtime(scheduled.run_after, PROVINCE_ZONE):%Y-%m-%d %H:%M}"
            if scheduled.run_after
            else "as soon as the worker is free"
        )
        state = "queued to run" if scheduled.created else "already queued to run"
        self.stdout.write(f"Traceability indicators: {state} {when}.")
