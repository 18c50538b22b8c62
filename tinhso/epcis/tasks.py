"""Background capture of large EPCIS documents, queued by ``start_capture``."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.tasks import task

from tinhso.accounts.models import User
from tinhso.core.policies import SYSTEM
from tinhso.epcis.models import CaptureJob
from tinhso.epcis.services import capture_document, fail_job, parse_json


@task
def capture_document_task(*, job_id: str, actor_id: int | None) -> dict[str, Any]:
    """Capture the document a job keeps in the default storage, exactly as a small one is
    captured in the request; the file is deleted afterwards, whatever the outcome."""
    job = CaptureJob.objects.select_related("owner").get(pk=job_id)
    if not job.running:  # delivered twice: the first run finished it
        return {"status": job.status, "stored": job.stored_count, "duplicates": 0}
    actor: Any = User.objects.get(pk=actor_id) if actor_id is not None else SYSTEM
    path = job.document_path
    try:
        with default_storage.open(path, "rb") as stored:
            doc = parse_json(stored.read())
        job.document_path = ""
        capture_document(actor=actor, doc=doc, owner=job.owner, job=job)
    except Exception:
        if job.running:
            job.document_path = ""
            fail_job(actor=actor, job=job)
        raise
    finally:
        if path and default_storage.exists(path):
            default_storage.delete(path)
    return {"status": job.status, "stored": job.stored_count, "duplicates": job.duplicate_count}
