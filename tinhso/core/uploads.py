"""An uploaded file kept between its check and its import.

A check-then-import page stores the upload in the default storage and names it in the session,
so that the import that follows reads exactly the file that was checked, and a big one can be
handed to the task worker (any web process or worker can reach the storage; nothing is kept in
process memory). A file nobody went on to import is removed after a day, the next time anyone
uploads one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

# A checked file nobody went on to import is removed after this long.
FORGOTTEN_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class PendingUploads:
    """The uploads of one import page: kept under ``folder``, named in the session under
    ``session_key`` as a dict with at least the file's ``path``, ``name`` and ``size``."""

    session_key: str
    folder: str

    def keep(
        self, request: HttpRequest, upload: UploadedFile[Any], *, extension: str, **extra: Any
    ) -> dict[str, Any]:
        """Store the upload in place of any file checked before, and remember it with
        ``extra``."""
        self.forget(request)
        self.sweep()
        path = default_storage.save(f"{self.folder}/{uuid.uuid4().hex}.{extension}", upload)
        pending = {"path": path, "name": (upload.name or "")[:200], "size": upload.size or 0}
        return self.remember(request, {**pending, **extra})

    def remember(self, request: HttpRequest, pending: dict[str, Any]) -> dict[str, Any]:
        request.session[self.session_key] = pending
        return pending

    def peek(self, request: HttpRequest) -> dict[str, Any]:
        """What the session remembers, whether or not the file is still stored."""
        return request.session.get(self.session_key) or {}

    def pending(self, request: HttpRequest) -> dict[str, Any] | None:
        """The checked upload, if the session names one and it is still stored."""
        pending: dict[str, Any] | None = request.session.get(self.session_key)
        if not pending or not default_storage.exists(pending["path"]):
            return None
        return pending

    def release(self, request: HttpRequest) -> None:
        """Stop remembering the upload but keep its file: the task worker has it now."""
        request.session.pop(self.session_key, None)

    def forget(self, request: HttpRequest) -> None:
        """Stop remembering the upload and delete its file."""
        pending = request.session.pop(self.session_key, None)
        if pending:
            default_storage.delete(pending["path"])

    def sweep(self) -> None:
        """Delete the files checked more than FORGOTTEN_AFTER ago and never imported."""
        if not default_storage.exists(self.folder):
            return
        cutoff = timezone.now() - FORGOTTEN_AFTER
        for name in default_storage.listdir(self.folder)[1]:
            path = f"{self.folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)


def read_upload(pending: dict[str, Any]) -> bytes:
    """The kept file's bytes."""
    with default_storage.open(pending["path"], "rb") as stored:
        data: bytes = stored.read()
    return data
