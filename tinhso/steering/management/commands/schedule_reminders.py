"""python manage.py schedule_reminders: make sure the daily deadline-reminder job is queued.
scripts/serve runs it before starting the worker; it never queues a second run."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.core.daily import describe
from tinhso.steering.tasks import schedule_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily deadline-reminder job to run now (it then queues itself for each "
        "next morning), unless a run is already waiting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(describe("Deadline reminders", schedule_reminders()))
