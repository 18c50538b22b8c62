"""Every write to the org tree: hand edits, mergers, the official loader and the agencies import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change, record_changes, snapshot
from tinhso.core.policies import ADD, CHANGE
from tinhso.core.roles import Role
from tinhso.orgunits.agencies_csv import AgencyRow, RowError, parse_agencies
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit, OrgUnitSuccession
from tinhso.orgunits.official import SOURCE, TWO_LEVEL_SINCE, OfficialUnit, official_units
from tinhso.orgunits.permissions import IMPORT, LOAD, MERGE, OrgUnitPolicy

AUDITED_FIELDS = (
    "code", "name", "name_en", "short_name", "kind", "parent", "valid_from", "valid_to",
    "email", "phone", "address",
)  # fmt: skip
# What a unit reporter may change on their own unit; the tree's shape is the administrator's.
CONTACT_FIELDS = frozenset({"email", "phone", "address", "name_en", "short_name"})
EDITABLE_FIELDS = frozenset(AUDITED_FIELDS) - {"code"}

policy = OrgUnitPolicy()


def create_org_unit(*, actor: Any, code: str, name: str, kind: str, **fields: Any) -> OrgUnit:
    """Create a unit by hand (usually an agency). Administrators only."""
    policy.require(actor, ADD)
    with transaction.atomic():
        return _save_new(
            actor, OrgUnit(code=code, name=name, kind=kind, **fields), AuditAction.CREATE
        )


def update_org_unit(*, actor: Any, unit: OrgUnit, **changes: Any) -> OrgUnit:
    """Change a unit's fields; reporters may change only contact details, and the code never."""
    policy.require(actor, CHANGE, unit)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    if actor.role != Role.ADMINISTRATOR and set(changes) - CONTACT_FIELDS:
        message = _("Only an administrator can change this; reporters change contact details.")
        raise ValidationError(dict.fromkeys(set(changes) - CONTACT_FIELDS, message))
    with transaction.atomic():
        _save_changes(actor, unit, changes, AuditAction.UPDATE)
    return unit


def _save_new(actor: Any, unit: OrgUnit, action: AuditAction) -> OrgUnit:
    """Validate, place and insert a new unit, and audit it."""
    _validate_and_place(unit)
    unit.save()
    after = snapshot(unit, AUDITED_FIELDS)
    record_change(actor=actor, action=action, obj=unit, after=after, org_unit=unit)
    return unit


def _save_changes(actor: Any, unit: OrgUnit, changes: dict[str, Any], action: AuditAction) -> None:
    """Apply ``changes``, re-place the unit (and its subtree if it moved), save, audit
    before → after. Callers hold the transaction."""
    before = snapshot(unit, AUDITED_FIELDS)
    old_path = unit.path
    for name, value in changes.items():
        setattr(unit, name, value)
    _validate_and_place(unit)
    unit.save()
    if unit.path != old_path:
        _repath_descendants(unit)
    record_change(
        actor=actor, action=action, obj=unit,
        before=before, after=snapshot(unit, AUDITED_FIELDS), org_unit=unit,
    )  # fmt: skip


def record_succession(
    *,
    actor: Any,
    predecessors: list[OrgUnit],
    successor: OrgUnit,
    effective_date: dt.date,
    decision: str = "",
    note: str = "",
) -> list[OrgUnitSuccession]:
    """Record that ``predecessors`` ended the day before ``effective_date`` and ``successor``
    carries on. Their history stays; they are only closed with ``valid_to``."""
    policy.require(actor, MERGE)
    _check_succession(predecessors, successor, effective_date)
    links = []
    with transaction.atomic():
        for unit in predecessors:
            before = snapshot(unit, AUDITED_FIELDS)
            unit.valid_to = effective_date - dt.timedelta(days=1)
            unit.save(update_fields=["valid_to", "updated_at"])
            link = OrgUnitSuccession.objects.create(
                predecessor=unit, successor=successor, effective_date=effective_date,
                decision=decision, note=note,
            )  # fmt: skip
            after = {**snapshot(unit, AUDITED_FIELDS), "successor": successor.code}
            record_change(
                actor=actor, action=AuditAction.MERGE, obj=unit,
                before=before, after=after, org_unit=unit,
            )  # fmt: skip
            links.append(link)
    return links


def _check_succession(
    predecessors: list[OrgUnit], successor: OrgUnit, effective_date: dt.date
) -> None:
    errors: dict[str, list[str]] = {}
    if not predecessors:
        errors.setdefault("predecessors", []).append(_("Choose at least one unit that ended."))
    if any(unit.pk == successor.pk for unit in predecessors):
        errors.setdefault("successor", []).append(_("A unit cannot succeed itself."))
    if not successor.is_active_on(effective_date):
        errors.setdefault("successor", []).append(
            _("%(unit)s is not in force on the effective date.") % {"unit": successor}
        )
    for unit in predecessors:
        problem = _why_cannot_end(unit, effective_date)
        if problem:
            errors.setdefault("predecessors", []).append(problem)
    if errors:
        raise ValidationError(errors)


def _why_cannot_end(unit: OrgUnit, effective_date: dt.date) -> str:
    if unit.valid_to is not None:
        return _("%(unit)s already ended on %(date)s.") % {"unit": unit, "date": unit.valid_to}
    if unit.valid_from and unit.valid_from >= effective_date:
        return _("%(unit)s starts on or after the effective date.") % {"unit": unit}
    active_children = unit.children.filter(valid_to__isnull=True).count()
    if active_children:
        return _("%(unit)s still has %(count)s active sub-units; move or end them first.") % {
            "unit": unit,
            "count": active_children,
        }
    return ""


def _validate_and_place(unit: OrgUnit) -> None:
    """Validate fields and set the path; raises ValidationError naming the field."""
    if unit.kind in ADMINISTRATIVE_KINDS and unit._state.adding and unit.source == "":
        raise ValidationError(
            {"kind": _("Administrative units are loaded from the official list, not typed.")}
        )
    if unit.parent is None and unit.kind not in {OrgUnitKind.PROVINCE, OrgUnitKind.CENTRAL_CITY}:
        raise ValidationError({"parent": _("Choose the unit this one belongs to.")})
    unit.build_path()
    unit.full_clean(exclude=["path", "depth"])


def _repath_descendants(unit: OrgUnit) -> None:
    """After a move, rebuild the paths below ``unit`` so subtree lookups stay right."""
    stack = [unit]
    while stack:
        parent = stack.pop()
        for child in parent.children.all():
            old = child.path
            child.parent = parent
            child.build_path()
            if child.path != old:
                child.save(update_fields=["path", "depth"])
            stack.append(child)


@dataclass
class WriteSummary:
    """What a bulk write did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    last_row: int = 0  # the row being written, to name it if the database refuses it

    @property
    def ok(self) -> bool:
        return not self.errors


def load_province(*, actor: Any, province_code: str | int) -> WriteSummary:
    """Create or refresh a province and its communes/wards from the official list.
    Running it twice changes nothing the second time. Administrators only."""
    policy.require(actor, LOAD)
    units = official_units(province_code)
    existing = {
        unit.code: unit for unit in OrgUnit.objects.filter(code__in=[u.code for u in units])
    }
    _refuse_non_official(units, existing)
    summary = WriteSummary()
    with transaction.atomic():
        province_entry, *ward_entries = units
        province = _refresh_official(
            actor, province_entry, existing.get(province_entry.code), None, summary
        )
        new_wards = []
        for official in ward_entries:
            unit = existing.get(official.code)
            if unit is None:
                new_wards.append(_new_official(official, province))
            else:
                _refresh_official(actor, official, unit, province, summary)
        _create_officials(actor, new_wards, summary)
    return summary


def _refuse_non_official(units: list[OfficialUnit], existing: dict[str, OrgUnit]) -> None:
    clashes = [
        u.code
        for u in units
        if u.code in existing and existing[u.code].kind not in ADMINISTRATIVE_KINDS
    ]
    if clashes:
        raise ValidationError(
            {
                "code": _("Units typed by hand already use these official codes: %(codes)s.")
                % {"codes": ", ".join(clashes)}
            }
        )


def _new_official(official: OfficialUnit, parent: OrgUnit | None) -> OrgUnit:
    unit = OrgUnit(
        code=official.code, name=official.name, kind=official.kind, parent=parent,
        source=SOURCE, valid_from=TWO_LEVEL_SINCE,
    )  # fmt: skip
    unit.build_path()
    return unit


def _create_officials(actor: Any, units: list[OrgUnit], summary: WriteSummary) -> None:
    """Insert new units and their audit entries in two bulk statements."""
    OrgUnit.objects.bulk_create(units, batch_size=500)
    record_changes(
        actor=actor,
        action=AuditAction.CREATE,
        items=[(unit, None, snapshot(unit, AUDITED_FIELDS), unit) for unit in units],
    )
    summary.created += len(units)


def _refresh_official(
    actor: Any,
    official: OfficialUnit,
    unit: OrgUnit | None,
    parent: OrgUnit | None,
    summary: WriteSummary,
) -> OrgUnit:
    """Create the unit if missing, else bring its official fields up to date (audited)."""
    if unit is None:
        unit = _new_official(official, parent)
        _create_officials(actor, [unit], summary)
        return unit
    wanted = {"name": official.name, "kind": official.kind, "parent": parent, "source": SOURCE}
    _apply_if_changed(actor, unit, wanted, AuditAction.UPDATE, summary)
    return unit


def _apply_if_changed(
    actor: Any, unit: OrgUnit, wanted: dict[str, Any], action: AuditAction, summary: WriteSummary
) -> None:
    changed = {name: value for name, value in wanted.items() if getattr(unit, name) != value}
    if changed:
        _save_changes(actor, unit, changed, action)
        summary.updated += 1
    else:
        summary.unchanged += 1


def import_agencies(*, actor: Any, data: bytes, dry_run: bool = False) -> WriteSummary:
    """Create or update agencies from a CSV. All rows or none: any bad row writes nothing,
    and ``dry_run`` reports what would happen without writing. Administrators only."""
    policy.require(actor, IMPORT)
    rows, errors = parse_agencies(data)
    summary = WriteSummary(errors=errors, dry_run=dry_run)
    if errors:
        return summary
    try:
        with transaction.atomic():
            for row in rows:
                _write_agency_row(actor, row, summary)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except ValidationError as exc:
        summary.created = summary.updated = summary.unchanged = 0
        summary.errors = [
            RowError(summary.last_row, name, " ".join(msgs))
            for name, msgs in exc.message_dict.items()
        ]
    return summary


class _DryRunRollback(Exception):
    """Raised inside the transaction of a dry run so that every write is rolled back."""


def _write_agency_row(actor: Any, row: AgencyRow, summary: WriteSummary) -> None:
    summary.last_row = row.row
    wanted = {**row.values, "parent": OrgUnit.objects.get(code=row.parent_code)}
    unit = OrgUnit.objects.filter(code=row.code).first()
    if unit is None:
        _save_new(actor, OrgUnit(code=row.code, **wanted), AuditAction.IMPORT)
        summary.created += 1
    else:
        _apply_if_changed(actor, unit, wanted, AuditAction.IMPORT, summary)
