"""python manage.py epcis_capture FILE [--owner GLN_OR_TAX_CODE]: capture an EPCIS 2.0 document
exactly as POST /epcis/capture does (the same service, all or nothing, audited as one job), for
an enterprise or, without --owner, for the center. Prints a summary; when the document is
rejected, prints every error (event, eventID, field, message) and exits with status 1."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import translation

from tinhso.core.policies import SYSTEM
from tinhso.epcis.choices import JobSource, JobStatus
from tinhso.epcis.errors import summary_line
from tinhso.epcis.services import NotJSON, capture_document, parse_json
from tinhso.traceability.models import Enterprise


class Command(BaseCommand):
    help = "Capture an EPCIS 2.0 JSON/JSON-LD document into the repository."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="An EPCISDocument (JSON or JSON-LD).")
        parser.add_argument(
            "--owner",
            help="The GLN or tax code of the enterprise that owns the events; default: the center.",
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._capture(options["file"], options["owner"])

    def _capture(self, path: Path, owner_key: str | None) -> None:
        owner = _owner(owner_key) if owner_key else None
        try:
            doc = parse_json(path.read_bytes())
        except OSError as error:
            message = translation.gettext("Cannot read %(path)s: %(reason)s")
            raise CommandError(message % {"path": path, "reason": error.strerror}) from error
        except NotJSON as error:
            message = translation.gettext("%(path)s is not JSON: %(reason)s")
            raise CommandError(message % {"path": path, "reason": error}) from error
        job = capture_document(actor=SYSTEM, doc=doc, owner=owner, source=JobSource.COMMAND)
        if job.status != JobStatus.SUCCESS:
            for entry in job.errors:
                self.stderr.write(summary_line(entry))
            raise CommandError(
                translation.ngettext(
                    "Rejected: %(count)s error; nothing was stored (capture job %(job)s).",
                    "Rejected: %(count)s errors; nothing was stored (capture job %(job)s).",
                    len(job.errors),
                )
                % {"count": len(job.errors), "job": job.pk}
            )
        summary = translation.ngettext(
            "Captured %(events)s event for %(owner)s: %(stored)s stored, %(duplicates)s "
            "already stored (capture job %(job)s).",
            "Captured %(events)s events for %(owner)s: %(stored)s stored, %(duplicates)s "
            "already stored (capture job %(job)s).",
            job.event_count,
        ) % {
            "events": job.event_count, "stored": job.stored_count,
            "duplicates": job.duplicate_count, "job": job.pk,
            "owner": owner.name if owner else translation.gettext("the center"),
        }  # fmt: skip
        self.stdout.write(summary)


def _owner(key: str) -> Enterprise:
    found = list(Enterprise.objects.filter(Q(gln=key) | Q(tax_code=key))[:2])
    if len(found) != 1:
        message = (
            translation.gettext("No enterprise has the GLN or tax code %(key)s.")
            if not found
            else translation.gettext("More than one enterprise has the GLN or tax code %(key)s.")
        )
        raise CommandError(message % {"key": key})
    return found[0]
