"""The catalogue files read into plain records and checked before anything is written: known
keys only, references between entries resolved, every indicator expression parsed and validated."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from tinhso.monitoring import expressions

HERE = Path(__file__).parent
RES57_FILE = HERE / "res57.toml"
LAI_CHAU_2025_FILE = HERE / "lai_chau_2025.toml"

# The keys each table may have (beyond "code"); anything else is a typo worth stopping for.
CATEGORY_KEYS = {"name", "name_en", "description", "options"}
OPTION_KEYS = {"code", "name", "name_en"}
GROUP_KEYS = {"name", "name_en", "description", "national_code"}
ELEMENT_KEYS = {
    "name", "name_en", "description", "national_code", "value_type", "unit", "aggregation",
    "direction", "category", "min_value", "max_value",
}  # fmt: skip
INDICATOR_KEYS = {
    "name", "name_en", "description", "national_code", "numerator", "denominator", "factor",
    "decimals", "unit", "direction", "groups", "green_from", "amber_from",
}  # fmt: skip
DATA_SET_KEYS = {
    "name", "name_en", "description", "national_code", "period_type", "reporters",
    "deadline_days", "late_days", "elements", "computed",
}  # fmt: skip
RULE_KEYS = {"name", "name_en", "description", "left", "operator", "right"}
TARGET_KEYS = {"indicator", "year", "value", "baseline", "baseline_year", "source"}
FACT_KEYS = {"element", "value", "comment", "from"}
REPORTERS = ("communes", "agencies", "province")
DECIMAL_FIELDS = ("factor", "min_value", "max_value", "green_from", "amber_from")


@dataclass(frozen=True)
class Entry:
    """One coded row of the catalogue: its model fields, and its links to other rows by code."""

    code: str
    fields: Mapping[str, Any]
    links: Mapping[str, tuple[str, ...]]

    def link(self, name: str) -> tuple[str, ...]:
        return self.links.get(name, ())


@dataclass(frozen=True)
class TargetSpec:
    """A target for an indicator at the province, with the text it was taken from."""

    indicator: str
    year: int
    value: Decimal
    baseline: Decimal | None
    baseline_year: int | None
    source: str


@dataclass(frozen=True)
class Catalogue:
    """Everything res57.toml defines, in the order it must be written."""

    categories: tuple[Entry, ...]
    groups: tuple[Entry, ...]
    elements: tuple[Entry, ...]
    indicators: tuple[Entry, ...]
    data_sets: tuple[Entry, ...]
    targets: tuple[TargetSpec, ...]
    rules: tuple[Entry, ...] = ()

    def element(self, code: str) -> Entry:
        return next(entry for entry in self.elements if entry.code == code)


@dataclass(frozen=True)
class FactSpec:
    """One real figure: the element it is a value of, the value as text, the stored comment."""

    element: str
    value: str
    comment: str
    quote: str  # the sentence of the source it was carried over from


@dataclass(frozen=True)
class Facts:
    """A province's real figures for one period, and where they come from."""

    province: str
    period: str
    source: str
    facts: tuple[FactSpec, ...]


def read_catalogue(path: Path = RES57_FILE) -> Catalogue:
    """The catalogue in ``path``; ValidationError naming the entry at the first problem."""
    data = _load(path)
    catalogue = Catalogue(
        categories=tuple(_category(item) for item in data.get("category", [])),
        groups=tuple(_entry("group", item, GROUP_KEYS) for item in data.get("group", [])),
        elements=tuple(_element(item) for item in data.get("element", [])),
        indicators=tuple(_indicator(item) for item in data.get("indicator", [])),
        data_sets=tuple(_data_set(item) for item in data.get("data_set", [])),
        targets=tuple(_target(item) for item in data.get("target", [])),
        rules=tuple(_entry("rule", item, RULE_KEYS) for item in data.get("rule", [])),
    )
    check_catalogue(catalogue)
    return catalogue


def read_facts(path: Path = LAI_CHAU_2025_FILE) -> Facts:
    """The facts in ``path``."""
    data = _load(path)
    facts = []
    for item in data.get("fact", []):
        _require_keys(f"fact {item.get('element', '?')}", item, FACT_KEYS, FACT_KEYS)
        facts.append(FactSpec(item["element"], item["value"], item["comment"], item["from"]))
    return Facts(str(data["province"]), str(data["period"]), data["source"], tuple(facts))


def check_catalogue(catalogue: Catalogue) -> None:
    """Refuse references to codes the catalogue does not define, and invalid expressions."""
    options = {entry.code: tuple(_option_codes(entry)) for entry in catalogue.categories}
    elements: dict[str, Sequence[str]] = {}
    for entry in catalogue.elements:
        category = entry.link("category")
        if category and category[0] not in options:
            raise _problem(f"element {entry.code}", f"unknown category {category[0]}")
        elements[entry.code] = options.get(category[0], ()) if category else ()
    groups = {entry.code for entry in catalogue.groups}
    for entry in catalogue.indicators:
        _check_indicator(entry, elements, groups)
    for entry in catalogue.data_sets:
        _check_known(f"data set {entry.code}", entry.link("elements"), elements, "data element")
    indicators = {entry.code for entry in catalogue.indicators}
    for target in catalogue.targets:
        _check_known(f"target {target.indicator}", (target.indicator,), indicators, "indicator")
    for entry in catalogue.rules:
        _check_expressions(f"rule {entry.code}", entry, ("left", "right"), elements)


def _check_indicator(entry: Entry, elements: Mapping[str, Sequence[str]], groups: Any) -> None:
    where = f"indicator {entry.code}"
    _check_known(where, entry.link("groups"), groups, "group")
    _check_expressions(where, entry, ("numerator", "denominator"), elements)


def _check_expressions(
    where: str, entry: Entry, sides: Sequence[str], elements: Mapping[str, Sequence[str]]
) -> None:
    for side in sides:
        text = entry.fields.get(side, "1")
        try:
            messages = expressions.validate(text, elements.keys(), elements)
        except expressions.ExpressionError as exc:
            messages = [exc.message]
        if messages:
            raise _problem(where, f"{side}: {'; '.join(messages)}")


def _check_known(where: str, codes: Sequence[str], known: Any, kind: str) -> None:
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _problem(where, f"unknown {kind} {', '.join(unknown)}")


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def _entry(
    kind: str, item: Mapping[str, Any], allowed: set[str], link_names: Sequence[str] = ()
) -> Entry:
    code = str(item.get("code", ""))
    where = f"{kind} {code or '?'}"
    _require_keys(where, item, {"code", *allowed}, {"code", "name"})
    fields = {k: v for k, v in item.items() if k != "code" and k not in link_names}
    for name in DECIMAL_FIELDS:
        if name in fields:
            fields[name] = _decimal(where, name, fields[name])
    links = {name: _codes(item.get(name, ())) for name in link_names if name in item}
    return Entry(code, fields, links)


def _category(item: Mapping[str, Any]) -> Entry:
    entry = _entry("category", item, CATEGORY_KEYS, ["options"])
    for option in item.get("options", []):
        _require_keys(
            f"category {entry.code} option", option, OPTION_KEYS, OPTION_KEYS - {"name_en"}
        )
    # Options are whole records, not codes: keep them on the fields, out of the model fields.
    return Entry(entry.code, {**entry.fields, "options": tuple(item.get("options", []))}, {})


def _option_codes(category: Entry) -> list[str]:
    return [option["code"] for option in category.fields["options"]]


def _element(item: Mapping[str, Any]) -> Entry:
    return _entry("element", item, ELEMENT_KEYS, ["category"])


def _indicator(item: Mapping[str, Any]) -> Entry:
    entry = _entry("indicator", item, INDICATOR_KEYS, ["groups"])
    if "numerator" not in entry.fields:
        raise _problem(f"indicator {entry.code}", "numerator is missing")
    return entry


def _data_set(item: Mapping[str, Any]) -> Entry:
    entry = _entry("data set", item, DATA_SET_KEYS, ["elements"])
    if entry.fields.get("reporters") not in REPORTERS:
        raise _problem(f"data set {entry.code}", f"reporters must be one of {', '.join(REPORTERS)}")
    if not isinstance(entry.fields.get("computed", False), bool):
        raise _problem(f"data set {entry.code}", "computed must be true or false")
    return entry


def _target(item: Mapping[str, Any]) -> TargetSpec:
    where = f"target {item.get('indicator', '?')}"
    _require_keys(where, item, TARGET_KEYS, {"indicator", "year", "value", "source"})
    baseline = item.get("baseline")
    return TargetSpec(
        indicator=item["indicator"], year=int(item["year"]),
        value=_decimal(where, "value", item["value"]),
        baseline=None if baseline is None else _decimal(where, "baseline", baseline),
        baseline_year=item.get("baseline_year"), source=item["source"],
    )  # fmt: skip


def _codes(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _decimal(where: str, name: str, value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _problem(where, f"{name} is not a number: {value!r}") from None


def _require_keys(
    where: str, item: Mapping[str, Any], allowed: set[str], required: set[str]
) -> None:
    unknown = sorted(set(item) - allowed)
    missing = sorted(required - set(item))
    if unknown:
        raise _problem(where, f"unknown keys {', '.join(unknown)}")
    if missing:
        raise _problem(where, f"missing keys {', '.join(missing)}")


def _problem(where: str, message: str) -> ValidationError:
    # The catalogue is the developers' file, not a user's: messages stay in English.
    return ValidationError(f"Catalogue, {where}: {message}.")
