"""Background work on reported values: importing a big file."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.accounts.models import User
from tinhso.core.progress import tracked
from tinhso.monitoring.services import import_file, keep_import_result

# Where a finished import's summary is shown: the page, or the API for an API client.
RESULT_PAGES = {"page": "monitoring:import_result", "api": "dataimport-detail"}


@task
def import_datavalues_task(
    *,
    progress_id: str,
    actor_id: int,
    path: str,
    file_format: str,
    source: str,
    dry_run: bool,
    keep_file: bool = False,
    result: str = "page",
) -> dict[str, int]:
    """Import (or check) an uploaded file kept in the default storage, all-or-nothing, with
    progress; the outcome is kept as a DataImport row the result page shows. The file is
    deleted afterwards unless ``keep_file`` and the check passed (the real import follows)."""
    actor = User.objects.get(pk=actor_id)
    with tracked(progress_id) as progress:
        with default_storage.open(path, "rb") as stored:
            data = stored.read()
        summary = import_file(
            actor=actor, data=data, file_format=file_format, dry_run=dry_run, source=source,
            progress=progress.step,
        )  # fmt: skip
        log = keep_import_result(
            actor=actor, summary=summary, source=source, file_format=file_format
        )
        if not (keep_file and summary.ok):
            default_storage.delete(path)
        counts = {
            "imported": summary.imported, "updated": summary.updated,
            "ignored": summary.ignored, "conflicts": len(summary.conflicts),
        }  # fmt: skip
        progress.finish(
            _outcome(dry_run, counts), result_url=reverse(RESULT_PAGES[result], args=[log.pk])
        )
    return {**counts, "log": log.pk}


def _outcome(dry_run: bool, counts: dict[str, int]) -> str:
    if counts["conflicts"]:
        message = ngettext(
            "%(conflicts)s conflict; nothing was written.",
            "%(conflicts)s conflicts; nothing was written.",
            counts["conflicts"],
        )
        return message % counts
    if dry_run:
        message = _("Checked: %(imported)s to import, %(updated)s to update, %(ignored)s ignored.")
        return message % counts
    return _("Imported %(imported)s, updated %(updated)s, ignored %(ignored)s.") % counts
