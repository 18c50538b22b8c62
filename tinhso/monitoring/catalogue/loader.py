"""Writing the built-in catalogue: the Res-57 metadata, the national 2030 targets at the
province, and the province's real facts.

The loader creates what is missing and adds missing links (an element to a data set, a unit to
its data set, an indicator to a group); it never changes or removes what exists, so the center's
own edits survive a reload, and a second load changes nothing. The one exception is whether a
data set is computed (fed by another module), which only the catalogue sets. Every row it
creates or links is audited on its own, in one bulk insert, as the org-unit loader does; the
facts go through the import service and are audited once, on their DataImport row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_changes, snapshot
from tinhso.core.policies import ADD
from tinhso.monitoring.catalogue.spec import (
    Catalogue,
    Entry,
    Facts,
    FactSpec,
    TargetSpec,
    check_catalogue,
    read_catalogue,
    read_facts,
)
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.models import (
    Category,
    CategoryOption,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    IndicatorGroup,
    Target,
    ValidationRule,
)
from tinhso.monitoring.permissions import MetadataPolicy
from tinhso.monitoring.services import import_data_values
from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS, LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit

SOURCE = "load_catalogue"
CODED = ("code", "national_code", "name", "name_en", "description")
AUDITED: dict[type[Model], tuple[str, ...]] = {
    Category: ("code", "name", "name_en", "description"),
    CategoryOption: ("category", "code", "name", "name_en", "sort_order"),
    IndicatorGroup: CODED,
    DataElement: (
        *CODED, "value_type", "unit", "aggregation", "direction", "category", "min_value",
        "max_value",
    ),
    Indicator: (
        *CODED, "numerator", "denominator", "factor", "decimals", "unit", "direction",
        "green_from", "amber_from",
    ),
    DataSet: (*CODED, "period_type", "deadline_days", "late_days", "computed"),
    Target: ("indicator", "org_unit", "year", "value", "baseline", "baseline_year"),
    ValidationRule: (*CODED, "left", "operator", "right"),
}  # fmt: skip

metadata_policy = MetadataPolicy()


@dataclass
class CatalogueSummary:
    """What a load did: metadata rows created, linked further (updated) or left as they were,
    and the real facts imported or found already stored."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    facts_imported: int = 0
    facts_unchanged: int = 0
    facts_period: str = ""

    def lines(self) -> list[str]:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        lines = [f"Monitoring catalogue: {counts}"]
        if self.facts_period:
            facts = f"{self.facts_imported} imported, {self.facts_unchanged} unchanged"
            lines.append(f"Province facts {self.facts_period}: {facts}")
        return lines


def load_catalogue(
    *,
    actor: Any,
    province_code: str = "12",
    catalogue: Catalogue | None = None,
    facts: Facts | None = None,
) -> CatalogueSummary:
    """Load the catalogue for a province, and its facts when they are that province's.
    All or nothing; a second run changes nothing. Administrators and center staff."""
    metadata_policy.require(actor, ADD)
    catalogue = catalogue or read_catalogue()
    check_catalogue(catalogue)  # every expression parsed and its references known
    facts = facts or read_facts()
    province = province_unit(province_code)
    writer = _Writer(actor, province)
    with transaction.atomic():
        writer.catalogue(catalogue)
        writer.targets(catalogue.targets)
        writer.record_audit()
        if facts.province == province.code:
            _load_facts(actor, province, facts, writer.summary)
    return writer.summary


def load_targets(
    *, actor: Any, province: OrgUnit, targets: Sequence[TargetSpec]
) -> CatalogueSummary:
    """Create the targets that do not exist yet (by indicator, unit and year), audited."""
    metadata_policy.require(actor, ADD)
    writer = _Writer(actor, province)
    with transaction.atomic():
        writer.targets(targets)
        writer.record_audit()
    return writer.summary


def province_unit(code: str) -> OrgUnit:
    """The province the catalogue is loaded for; it must have been loaded first."""
    unit = OrgUnit.objects.filter(code=code, parent__isnull=True).first()
    if unit is None:
        message = _("Load the province's org units first (manage.py load_province %(code)s).")
        raise ValidationError({"province": message % {"code": code}})
    return unit


def reporting_units(province: OrgUnit, reporters: str) -> list[OrgUnit]:
    """The units that report a data set: the province's communes and wards, its agencies (and
    other non-administrative units such as the center), or the province itself."""
    if reporters == "province":
        return [province]
    below = OrgUnit.objects.filter(path__startswith=province.path, valid_to__isnull=True)
    if reporters == "communes":
        below = below.filter(kind__in=LOCAL_KINDS)
    else:
        below = below.exclude(kind__in=ADMINISTRATIVE_KINDS)
    return list(below.order_by("path"))


@dataclass
class _Writer:
    """Creates missing rows and links, counting them and collecting their audit entries."""

    actor: Any
    province: OrgUnit
    summary: CatalogueSummary = field(default_factory=CatalogueSummary)
    created: list[tuple[Model, Snapshot | None, Snapshot | None, Model | None]] = field(
        default_factory=list
    )
    updated: list[tuple[Model, Snapshot | None, Snapshot | None, Model | None]] = field(
        default_factory=list
    )

    def catalogue(self, catalogue: Catalogue) -> None:
        categories = {entry.code: self.category(entry) for entry in catalogue.categories}
        groups = {
            entry.code: self.ensure(IndicatorGroup, {"code": entry.code}, entry.fields)
            for entry in catalogue.groups
        }
        elements = {entry.code: self.element(entry, categories) for entry in catalogue.elements}
        for entry in catalogue.indicators:
            in_groups: dict[str, list[Any]] = {"groups": [groups[c] for c in entry.link("groups")]}
            self.ensure(Indicator, {"code": entry.code}, entry.fields, in_groups)
        for entry in catalogue.data_sets:
            fields = {k: v for k, v in entry.fields.items() if k != "reporters"}
            fields["computed"] = fields.get("computed", False)
            links: dict[str, list[Any]] = {
                "elements": [elements[code] for code in entry.link("elements")],
                "org_units": reporting_units(self.province, entry.fields["reporters"]),
            }
            # Whether a set is fed is the catalogue's to say (people cannot change it), so a
            # reload brings a set loaded before its feed existed up to date.
            self.ensure(DataSet, {"code": entry.code}, fields, links, synced=("computed",))
        for entry in catalogue.rules:
            self.ensure(ValidationRule, {"code": entry.code}, entry.fields)

    def category(self, entry: Entry) -> Category:
        fields = {k: v for k, v in entry.fields.items() if k != "options"}
        category = self.ensure(Category, {"code": entry.code}, fields)
        for order, option in enumerate(entry.fields["options"], start=1):
            option_fields = {"name": option["name"], "name_en": option.get("name_en", "")}
            self.ensure(
                CategoryOption,
                {"category": category, "code": option["code"]},
                {**option_fields, "sort_order": order},
            )
        return category

    def element(self, entry: Entry, categories: dict[str, Category]) -> DataElement:
        category = entry.link("category")
        fields = {**entry.fields, "category": categories[category[0]] if category else None}
        return self.ensure(DataElement, {"code": entry.code}, fields)

    def targets(self, targets: Sequence[TargetSpec]) -> None:
        indicators = {
            i.code: i for i in Indicator.objects.filter(code__in=[t.indicator for t in targets])
        }
        for target in targets:
            lookup = {
                "indicator": indicators[target.indicator], "org_unit": self.province,
                "year": target.year,
            }  # fmt: skip
            fields = {
                "value": target.value, "baseline": target.baseline,
                "baseline_year": target.baseline_year,
            }  # fmt: skip
            self.ensure(Target, lookup, fields)

    def ensure[M: Model](
        self,
        model: type[M],
        lookup: dict[str, Any],
        fields: Any,
        links: dict[str, list[Any]] | None = None,
        synced: Sequence[str] = (),
    ) -> M:
        """The row ``lookup`` finds, else a new one with ``fields``; then its missing links.
        The ``synced`` fields of a row found are set to the catalogue's values too."""
        links = links or {}
        obj = model._default_manager.filter(**lookup).first()
        before = None if obj is None else self._snapshot(obj, links)
        if obj is None:
            obj = model(**lookup, **fields)
            obj.full_clean()
            obj.save()
        elif differing := [name for name in synced if getattr(obj, name) != fields[name]]:
            for name in differing:
                setattr(obj, name, fields[name])
            obj.save()
        for name, wanted in links.items():
            manager = getattr(obj, name)
            have = set(manager.values_list("pk", flat=True))
            manager.add(*(item for item in wanted if item.pk not in have))
        after = self._snapshot(obj, links)
        unit = self.province if isinstance(obj, Target) else None
        if before is None:
            self.created.append((obj, None, after, unit))
            self.summary.created += 1
        elif before != after:
            self.updated.append((obj, before, after, unit))
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1
        return obj

    def _snapshot(self, obj: Model, links: dict[str, list[Any]]) -> Snapshot:
        values = snapshot(obj, AUDITED[type(obj)])
        for name in links:
            values[name] = sorted(getattr(obj, name).values_list("code", flat=True))
        return values

    def record_audit(self) -> None:
        record_changes(actor=self.actor, action=AuditAction.CREATE, items=self.created)
        record_changes(actor=self.actor, action=AuditAction.UPDATE, items=self.updated)


def _load_facts(actor: Any, province: OrgUnit, facts: Facts, summary: CatalogueSummary) -> None:
    """Import the facts not yet stored, through the audited import service. A stored fact is
    left alone, even if someone corrected it since."""
    summary.facts_period = facts.period
    stored = set(
        DataValue.objects.filter(
            org_unit=province, period=facts.period,
            data_element__code__in=[fact.element for fact in facts.facts],
        ).values_list("data_element__code", flat=True)
    )  # fmt: skip
    missing = [fact for fact in facts.facts if fact.element not in stored]
    summary.facts_unchanged = len(facts.facts) - len(missing)
    if not missing:
        return
    values = [_raw_value(row, fact, facts, province) for row, fact in enumerate(missing, start=1)]
    result = import_data_values(actor=actor, values=values, source=SOURCE, file_format="toml")
    if result.conflicts:
        raise ValidationError(
            [f"{missing[c.row - 1].element}: {c.field}: {c.message}" for c in result.conflicts]
        )
    summary.facts_imported = result.imported


def _raw_value(row: int, fact: FactSpec, facts: Facts, province: OrgUnit) -> RawValue:
    """A fact as the import service reads a file's row; its comment names its source."""
    return RawValue(
        row=row, data_element=fact.element, period=facts.period, org_unit=province.code,
        option="", value=fact.value, comment=f"{fact.comment} — {facts.source}",
    )  # fmt: skip
