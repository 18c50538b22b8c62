"""The EPCIS 2.0 repository's storage: capture jobs, events, and the identifiers they name.

An event is kept as the JSON it was captured in (``document``, JSONB on PostgreSQL) beside the
columns the standard queries filter on, in canonical form: times in UTC, CBV words bare,
identifiers and locations as canonical GS1 Digital Links. Every identifier an event names has a
row in EventIdentifier, so a query by EPC is an index lookup however the EPC was written.
Sized for millions of events: see docs/architecture.md ("Inside epcis").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.epcis.choices import IdentifierRole, JobSource, JobStatus


class CaptureJob(models.Model):
    """One capture (a document, a single event or a command run): its state and its errors.

    The standard's capture job resource (GET /epcis/capture/{id}); errors are stored as
    language-neutral problems and rendered in the reader's language.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        "traceability.Enterprise",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capture_jobs",
        help_text=_("Empty when the center owns the captured events."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=JobSource.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.RUNNING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    event_count = models.PositiveIntegerField(_("events in the document"), default=0)
    stored_count = models.PositiveIntegerField(_("events stored"), default=0)
    duplicate_count = models.PositiveIntegerField(_("events already stored"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # Where a large document waits for the task worker (default storage); emptied when done.
    document_path = models.CharField(_("document file"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("EPCIS capture job")
        verbose_name_plural = _("EPCIS capture jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="epcis_job_owner_created")]

    def __str__(self) -> str:
        return f"capture {self.id}"

    @property
    def running(self) -> bool:
        return self.status == JobStatus.RUNNING


class Event(models.Model):
    """One EPCIS 2.0 event, as captured, with the columns the standard's queries filter on."""

    event_id = models.TextField(_("event ID"), unique=True)
    event_type = models.CharField(_("event type"), max_length=24)
    event_time = models.DateTimeField(_("event time"))
    event_time_zone_offset = models.CharField(_("event time zone offset"), max_length=6)
    record_time = models.DateTimeField(_("record time"))
    action = models.CharField(_("action"), max_length=8, blank=True)
    biz_step = models.TextField(_("business step"), blank=True)
    disposition = models.TextField(_("disposition"), blank=True)
    read_point = models.TextField(_("read point"), blank=True)
    biz_location = models.TextField(_("business location"), blank=True)
    owner = models.ForeignKey(
        "traceability.Enterprise",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="epcis_events",
        db_index=False,  # led by the (owner, event_time, id) index below
    )
    capture_job = models.ForeignKey(
        CaptureJob,
        verbose_name=_("capture job"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # never filtered on; an index would only slow capture down
    )
    document = models.JSONField(_("event"))

    class Meta:
        verbose_name = _("EPCIS event")
        verbose_name_plural = _("EPCIS events")
        ordering = ["event_time", "id"]
        indexes = [
            # Results come in (event_time, id) order, pages continue after a (time, id) key.
            models.Index(fields=["event_time", "id"], name="epcis_event_time"),
            models.Index(fields=["owner", "event_time", "id"], name="epcis_event_owner_time"),
            models.Index(fields=["record_time"], name="epcis_event_record_time"),
            models.Index(
                fields=["event_type", "biz_step", "event_time"], name="epcis_event_type_step"
            ),
            models.Index(fields=["biz_location"], name="epcis_event_biz_location"),
            models.Index(fields=["read_point"], name="epcis_event_read_point"),
        ]

    def __str__(self) -> str:
        return self.event_id


class EventIdentifier(models.Model):
    """An identifier an event names (an EPC, a parent, an input or output, a class of a
    quantity), in canonical GS1 Digital Link form, and the role it plays there."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="identifiers",
        db_index=False,  # carried by the identifier index; events are never deleted
    )
    identifier = models.TextField(_("identifier"))
    role = models.PositiveSmallIntegerField(_("role"), choices=IdentifierRole.choices)

    class Meta:
        verbose_name = _("event identifier")
        verbose_name_plural = _("event identifiers")
        indexes = [
            # Equality and prefix (EPC pattern) lookups on the identifier, the operator class
            # making prefixes indexable under any collation (PostgreSQL). Role and event are in
            # the index too, so a lookup by EPC never reads this table itself.
            models.Index(
                fields=["identifier", "role", "event"],
                name="epcis_identifier",
                opclasses=["text_pattern_ops", "int2_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.identifier
