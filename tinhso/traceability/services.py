"""Every write of the traceability registry: enterprises and the accounts that act for them,
locations, products, batches, serial numbers and product links.

Each service takes the acting user first, checks the policy (a row out of the actor's reach is
refused with PermissionDenied), validates (ValidationError naming the field), writes in one
transaction and records the audit entry in it, under the enterprise's commune so that its unit
reporters read the history.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_change, record_changes, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE, Scope
from tinhso.core.roles import Role
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.traceability import locks, validators
from tinhso.traceability.models import (
    Batch,
    Enterprise,
    Location,
    Product,
    ProductLink,
    Serial,
)
from tinhso.traceability.permissions import (
    LINK_USERS,
    BatchPolicy,
    EnterprisePolicy,
    LocationPolicy,
    ProductLinkPolicy,
    ProductPolicy,
    SerialPolicy,
)

enterprise_policy = EnterprisePolicy()
location_policy = LocationPolicy()
product_policy = ProductPolicy()
batch_policy = BatchPolicy()
serial_policy = SerialPolicy()
link_policy = ProductLinkPolicy()

ENTERPRISE_FIELDS = (
    "name", "tax_code", "gs1_company_prefix", "gln", "org_unit", "address", "representative",
    "phone", "email",
)  # fmt: skip
# What an enterprise keeps up to date itself; the rest is the identity the center verified.
PROFILE_FIELDS = ("gln", "address", "representative", "phone", "email")
LOCATION_FIELDS = ("name", "kind", "gln", "org_unit", "address", "latitude", "longitude")
PRODUCT_FIELDS = (
    "gtin", "name", "name_en", "description", "category", "certifications", "net_content",
    "net_content_unit",
)  # fmt: skip
BATCH_FIELDS = ("lot", "production_date", "expiry_date", "quantity", "quantity_unit", "origin")
LINK_FIELDS = ("link_type", "href", "title", "language", "media_type", "is_default")
SERIALS_AT_ONCE = 5000
PROBLEMS_SHOWN = 10
_TRAILING_DIGITS = re.compile(r"(.*?)([0-9]+)")


# Enterprises -----------------------------------------------------------------------------------


def register_enterprise(*, actor: Any, users: Iterable[Any] = (), **fields: Any) -> Enterprise:
    """Register an enterprise (name, tax code, GS1 company prefix, GLN, commune, contacts) and
    the enterprise-role accounts that act for it. Center."""
    enterprise_policy.require(actor, ADD)
    check_names(fields, ENTERPRISE_FIELDS)
    users = list(users)
    enterprise = Enterprise(**_stripped(fields))
    raise_errors(_clean(enterprise), _enterprise_problems(enterprise), _user_problems(users))
    with transaction.atomic():
        enterprise.save()
        enterprise.users.set(users)
        record_write(actor, enterprise, None, _enterprise_state(enterprise), enterprise.org_unit)
    return enterprise


def update_enterprise(*, actor: Any, enterprise: Enterprise, **changes: Any) -> Enterprise:
    """Change an enterprise. The center changes everything; an enterprise its own contact
    details and GLN (PROFILE_FIELDS)."""
    enterprise_policy.require(actor, CHANGE, enterprise)
    check_names(changes, ENTERPRISE_FIELDS)
    if enterprise_policy.scope_for(actor, CHANGE) is not Scope.ALL:
        changes = _center_only(enterprise, _stripped(changes))
    with transaction.atomic():
        before = _enterprise_state(enterprise)
        assign(enterprise, _stripped(changes))
        raise_errors(_clean(enterprise), _enterprise_problems(enterprise))
        enterprise.save()
        record_write(actor, enterprise, before, _enterprise_state(enterprise), enterprise.org_unit)
    return enterprise


def link_enterprise_users(*, actor: Any, enterprise: Enterprise, users: Iterable[Any]) -> None:
    """Set the enterprise-role accounts that act for ``enterprise``. Center."""
    enterprise_policy.require(actor, LINK_USERS, enterprise)
    users = list(users)
    raise_errors(_user_problems(users))
    with transaction.atomic():
        before = _enterprise_state(enterprise)
        enterprise.users.set(users)
        record_write(actor, enterprise, before, _enterprise_state(enterprise), enterprise.org_unit)


def _enterprise_state(enterprise: Enterprise) -> Snapshot:
    state = snapshot(enterprise, ENTERPRISE_FIELDS)
    if enterprise.pk is not None:
        state["users"] = sorted(user.username for user in enterprise.users.all())
    return state


def _enterprise_problems(enterprise: Enterprise) -> Errors:
    errors: Errors = {}
    _commune_problems(enterprise.org_unit, errors)
    others = Enterprise.objects.exclude(pk=enterprise.pk)
    if enterprise.tax_code and others.filter(tax_code=enterprise.tax_code).exists():
        message = _("An enterprise with this tax code is already registered.")
        errors.setdefault("tax_code", []).append(message)
    return errors


def _user_problems(users: Sequence[Any]) -> Errors:
    wrong = [str(user) for user in users if user.role is not Role.ENTERPRISE]
    if not wrong:
        return {}
    message = _("%(users)s do not have the enterprise role.") % {"users": ", ".join(wrong)}
    return {"users": [message]}


def _center_only(enterprise: Enterprise, changes: dict[str, Any]) -> dict[str, Any]:
    """An enterprise's own changes: its profile fields; the others only if left as they are
    (a full replacement repeats them), else refused."""
    refused = sorted(
        name
        for name, value in changes.items()
        if name not in PROFILE_FIELDS and getattr(enterprise, name) != value
    )
    if refused:
        raise ValidationError(dict.fromkeys(refused, _("Only the center can change this field.")))
    return {name: value for name, value in changes.items() if name in PROFILE_FIELDS}


# Locations -------------------------------------------------------------------------------------


def create_location(*, actor: Any, enterprise: Enterprise, **fields: Any) -> Location:
    """Record a farm, plant, warehouse or shop of ``enterprise``. Without a GLN it gets the next
    provincial location code of its commune. The enterprise itself, or the center."""
    _require_in(location_policy, actor, ADD, enterprise)
    check_names(fields, LOCATION_FIELDS)
    location = Location(enterprise=enterprise, **_stripped(fields))
    raise_errors(_clean(location), _location_problems(location))
    with transaction.atomic():
        _assign_local_code(location)
        location.save()
        record_write(actor, location, None, _location_state(location), enterprise.org_unit)
    return location


def update_location(*, actor: Any, location: Location, **changes: Any) -> Location:
    """Change a location; a provincial location code once given is kept. The enterprise itself,
    or the center."""
    location_policy.require(actor, CHANGE, location)
    check_names(changes, LOCATION_FIELDS)
    with transaction.atomic():
        before = _location_state(location)
        assign(location, _stripped(changes))
        raise_errors(_clean(location), _location_problems(location))
        _assign_local_code(location)
        location.save()
        record_write(
            actor, location, before, _location_state(location), location.enterprise.org_unit
        )
    return location


def _location_state(location: Location) -> Snapshot:
    return snapshot(location, (*LOCATION_FIELDS, "local_code"))


def _location_problems(location: Location) -> Errors:
    errors: Errors = {}
    _commune_problems(location.org_unit, errors)
    if not location.gln and location.org_unit is None and not location.local_code:
        message = _("Give the GLN, or the commune or ward so that a location code can be given.")
        errors.setdefault("org_unit", []).append(message)
    if (location.latitude is None) != (location.longitude is None):
        field = "longitude" if location.longitude is None else "latitude"
        message = _("Give both the latitude and the longitude, or neither.")
        errors.setdefault(field, []).append(message)
    taken = Location.objects.filter(gln=location.gln).exclude(pk=location.pk)
    if location.gln and taken.exists():
        message = _("Another location already has this GLN.")
        errors.setdefault("gln", []).append(message)
    return errors


def _assign_local_code(location: Location) -> None:
    """``LC-<commune code>-<n>``: n is one more than the commune's highest (codes never reused)."""
    if location.gln or location.local_code or location.org_unit is None:
        return
    prefix = f"LC-{location.org_unit.code}-"
    codes = Location.objects.filter(local_code__startswith=prefix).values_list(
        "local_code", flat=True
    )
    numbers = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    location.local_code = f"{prefix}{max(numbers, default=0) + 1:03d}"


def _commune_problems(unit: Any, errors: Errors) -> None:
    if unit is not None and unit.kind not in LOCAL_KINDS:
        errors.setdefault("org_unit", []).append(_("Choose a commune or ward."))


# Products --------------------------------------------------------------------------------------


def create_product(
    *, actor: Any, enterprise: Enterprise, image: File[bytes] | None = None, **fields: Any
) -> Product:
    """Register a product of ``enterprise``: GTIN (8, 12, 13 or 14 digits, kept as 14), names,
    type, description, image, certifications and net content. The enterprise, or the center.
    A GTIN outside the enterprise's company prefix is accepted; ``gtin_warnings`` says so."""
    _require_in(product_policy, actor, ADD, enterprise)
    check_names(fields, PRODUCT_FIELDS)
    product = Product(enterprise=enterprise, **_product_fields(fields))
    raise_errors(
        _clean(product, exclude=["image"]), _product_problems(product), _image_problems(image)
    )
    with transaction.atomic():
        _attach(product, image)
        product.save()
        record_write(actor, product, None, _product_state(product), enterprise.org_unit)
    return product


def update_product(
    *,
    actor: Any,
    product: Product,
    image: File[bytes] | None = None,
    remove_image: bool = False,
    **changes: Any,
) -> Product:
    """Change a product; a new image replaces the old one (the old file is kept in storage).
    A GTIN that stored EPCIS events name can no longer change. The enterprise, or the center."""
    product_policy.require(actor, CHANGE, product)
    check_names(changes, PRODUCT_FIELDS)
    with transaction.atomic():
        before = _product_state(product)
        stored_gtin = product.gtin
        assign(product, _product_fields(changes))
        raise_errors(
            _clean(product, exclude=["image"]),
            _product_problems(product),
            _image_problems(image),
            _gtin_lock_problems(stored_gtin, product.gtin),
        )
        if remove_image and image is None:
            product.image = None  # type: ignore[assignment]
        _attach(product, image)
        product.save()
        record_write(actor, product, before, _product_state(product), product.enterprise.org_unit)
    return product


def _product_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = _stripped(fields)
    if isinstance(fields.get("gtin"), str):
        fields["gtin"] = validators.normalize_gtin(fields["gtin"])
    certifications = fields.get("certifications")
    if certifications is not None and not validators.certification_problems(certifications):
        fields["certifications"] = validators.clean_certifications(certifications)
    return fields


def _product_state(product: Product) -> Snapshot:
    return {**snapshot(product, PRODUCT_FIELDS), "image": product.image.name or ""}


def _product_problems(product: Product) -> Errors:
    errors: Errors = {}
    problems = validators.certification_problems(product.certifications)
    if problems:
        errors["certifications"] = problems
    if product.net_content is not None and not product.net_content_unit:
        errors["net_content_unit"] = [_("Give the unit of the net content.")]
    taken = Product.objects.filter(gtin=product.gtin).exclude(pk=product.pk)
    if product.gtin and taken.exists():
        errors.setdefault("gtin", []).append(_("Another product is registered with this GTIN."))
    return errors


def _gtin_lock_problems(stored: str, new: str) -> Errors:
    """A GTIN that events name stays as it is (asked only when it changes)."""
    if new != stored and locks.gtin_in_events(stored):
        return {"gtin": [str(locks.GTIN_LOCKED)]}
    return {}


def _image_problems(upload: File[bytes] | None) -> Errors:
    if upload is None:
        return {}
    try:
        validators.check_image(upload)
    except ValueError as exc:
        return {"image": [str(exc)]}
    return {}


def _attach(product: Product, upload: File[bytes] | None) -> None:
    if upload is not None:
        product.image.save(os.path.basename(upload.name or "image"), upload, save=False)


# Batches ---------------------------------------------------------------------------------------


def create_batch(*, actor: Any, product: Product, **fields: Any) -> Batch:
    """Record a batch (lot) of ``product``: lot number, production and expiry dates, quantity
    and the location it came from. The enterprise, or the center."""
    _require_in(batch_policy, actor, ADD, product.enterprise)
    check_names(fields, BATCH_FIELDS)
    batch = Batch(product=product, **_stripped(fields))
    raise_errors(_clean(batch), _batch_problems(batch))
    with transaction.atomic():
        batch.save()
        record_write(actor, batch, None, snapshot(batch, BATCH_FIELDS), product.enterprise.org_unit)
    return batch


def update_batch(*, actor: Any, batch: Batch, **changes: Any) -> Batch:
    """Change a batch's lot number, dates, quantity or origin; a lot that stored EPCIS events
    name can no longer change. The enterprise, or the center."""
    batch_policy.require(actor, CHANGE, batch)
    check_names(changes, BATCH_FIELDS)
    with transaction.atomic():
        before = snapshot(batch, BATCH_FIELDS)
        stored_lot = batch.lot
        assign(batch, _stripped(changes))
        raise_errors(_clean(batch), _batch_problems(batch), _lot_lock_problems(batch, stored_lot))
        batch.save()
        unit = batch.product.enterprise.org_unit
        record_write(actor, batch, before, snapshot(batch, BATCH_FIELDS), unit)
    return batch


def _batch_problems(batch: Batch) -> Errors:
    errors: Errors = {}
    if batch.expiry_date and batch.production_date and batch.expiry_date < batch.production_date:
        errors["expiry_date"] = [_("The expiry date is before the production date.")]
    if batch.origin is not None and batch.origin.enterprise_id != batch.product.enterprise_id:
        errors["origin"] = [_("Choose a location of the product's own enterprise.")]
    clash = Batch.objects.filter(product=batch.product, lot=batch.lot).exclude(pk=batch.pk)
    if batch.lot and clash.exists():
        message = _("This product already has a batch with lot number %(lot)s.")
        errors.setdefault("lot", []).append(message % {"lot": batch.lot})
    return errors


def _lot_lock_problems(batch: Batch, stored: str) -> Errors:
    """A lot that events name stays as it is (asked only when it changes)."""
    if batch.lot != stored and locks.lot_in_events(batch.product.gtin, stored):
        return {"lot": [str(locks.LOT_LOCKED)]}
    return {}


# Serial numbers --------------------------------------------------------------------------------


def add_serials(
    *, actor: Any, product: Product, serials: Sequence[str], batch: Batch | None = None
) -> list[Serial]:
    """Register serial numbers of ``product`` (optionally of one of its batches), at most 5,000
    at a time; all or none: any malformed, repeated or already registered number refuses the
    lot, and the message names them. The enterprise, or the center."""
    _require_in(serial_policy, actor, ADD, product.enterprise)
    serials = [serial.strip() for serial in serials if serial.strip()]
    raise_errors(_serial_problems(product, batch, serials))
    rows = [Serial(product=product, batch=batch, serial=serial) for serial in serials]
    unit = product.enterprise.org_unit
    with transaction.atomic():
        created = Serial.objects.bulk_create(rows, batch_size=1000)
        if created and created[0].pk is None:  # databases that do not return ids
            created = list(Serial.objects.filter(product=product, serial__in=serials))
        record_changes(
            actor=actor,
            action=AuditAction.CREATE,
            items=[
                (row, None, snapshot(row, ("product", "batch", "serial")), unit) for row in created
            ],
        )
    return created


def serial_range(first: str, last: str) -> list[str]:
    """Every serial number from ``first`` to ``last``: both end in digits after the same
    beginning, e.g. SHT-0001 … SHT-0250 (the width of ``first`` is kept, zeros included)."""
    head = _TRAILING_DIGITS.fullmatch(first.strip())
    tail = _TRAILING_DIGITS.fullmatch(last.strip())
    if head is None or tail is None or head[1] != tail[1]:
        raise ValidationError(
            {"first": _("The first and last numbers must end in digits after the same beginning.")}
        )
    start, end = int(head[2]), int(tail[2])
    if end < start:
        raise ValidationError({"last": _("The last number comes before the first.")})
    if end - start + 1 > SERIALS_AT_ONCE:
        raise ValidationError({"last": _too_many()})
    width = len(head[2])
    return [f"{head[1]}{number:0{width}d}" for number in range(start, end + 1)]


def _too_many() -> str:
    return _("At most %(max)d serial numbers at a time.") % {"max": SERIALS_AT_ONCE}


def _serial_problems(product: Product, batch: Batch | None, serials: list[str]) -> Errors:
    if batch is not None and batch.product_id != product.pk:
        return {"batch": [_("Choose a batch of this product.")]}
    if not serials:
        return {"serials": [_("Give at least one serial number.")]}
    if len(serials) > SERIALS_AT_ONCE:
        return {"serials": [_too_many()]}
    problems = []
    for serial in dict.fromkeys(serials):
        try:
            validators.validate_serial(serial)
        except ValidationError as exc:
            problems.append(exc.messages[0])
    twice = [serial for serial, count in Counter(serials).items() if count > 1]
    problems += [_("%(serial)s is listed twice.") % {"serial": serial} for serial in twice]
    known = Serial.objects.filter(product=product, serial__in=serials).values_list(
        "serial", flat=True
    )
    problems += [
        _("%(serial)s is already registered for this product.") % {"serial": serial}
        for serial in sorted(known)
    ]
    return {"serials": _shortened(problems)} if problems else {}


def _shortened(problems: list[str]) -> list[str]:
    hidden = len(problems) - PROBLEMS_SHOWN
    if hidden <= 0:
        return problems
    more = ngettext("…and %(n)d more problem.", "…and %(n)d more problems.", hidden)
    return [*problems[:PROBLEMS_SHOWN], more % {"n": hidden}]


# Product links ---------------------------------------------------------------------------------


def create_product_link(*, actor: Any, product: Product, **fields: Any) -> ProductLink:
    """Add a typed link (GS1 Web Vocabulary) to ``product``; a new default link takes the place
    of the previous default. The enterprise, or the center."""
    _require_in(link_policy, actor, ADD, product.enterprise)
    check_names(fields, LINK_FIELDS)
    link = ProductLink(product=product, **_stripped(fields))
    raise_errors(_clean(link), _link_problems(link))
    with transaction.atomic():
        _one_default(actor, link)
        link.save()
        record_write(actor, link, None, snapshot(link, LINK_FIELDS), product.enterprise.org_unit)
    return link


def update_product_link(*, actor: Any, link: ProductLink, **changes: Any) -> ProductLink:
    """Change a product link. The enterprise, or the center."""
    link_policy.require(actor, CHANGE, link)
    check_names(changes, LINK_FIELDS)
    with transaction.atomic():
        before = snapshot(link, LINK_FIELDS)
        assign(link, _stripped(changes))
        raise_errors(_clean(link), _link_problems(link))
        _one_default(actor, link)
        link.save()
        unit = link.product.enterprise.org_unit
        record_write(actor, link, before, snapshot(link, LINK_FIELDS), unit)
    return link


def delete_product_link(*, actor: Any, link: ProductLink) -> None:
    """Remove a product link; the audit entry keeps what it was. The enterprise, or the center."""
    link_policy.require(actor, DELETE, link)
    with transaction.atomic():
        record_change(
            actor=actor,
            action=AuditAction.DELETE,
            obj=link,
            before=snapshot(link, LINK_FIELDS),
            org_unit=link.product.enterprise.org_unit,
        )
        link.delete()


def _link_problems(link: ProductLink) -> Errors:
    clash = ProductLink.objects.filter(
        product=link.product, link_type=link.link_type, language=link.language, href=link.href
    ).exclude(pk=link.pk)
    if clash.exists():
        return {"href": [_("The product already has this link, of this type and language.")]}
    return {}


def _one_default(actor: Any, link: ProductLink) -> None:
    """Unset the product's other default link, audited; callers hold the transaction."""
    if not link.is_default:
        return
    unit = link.product.enterprise.org_unit
    for other in ProductLink.objects.filter(product=link.product, is_default=True).exclude(
        pk=link.pk
    ):
        before = snapshot(other, LINK_FIELDS)
        other.is_default = False
        other.save(update_fields=["is_default", "updated_at"])
        record_write(actor, other, before, snapshot(other, LINK_FIELDS), unit)


# Helpers ---------------------------------------------------------------------------------------


def _require_in(policy: Any, actor: Any, action: str, enterprise: Enterprise) -> None:
    """Refuse unless ``actor`` may ``action`` the policy's rows of ``enterprise``."""
    if not policy.can_in(actor, action, enterprise):
        raise PermissionDenied


def _stripped(fields: dict[str, Any]) -> dict[str, Any]:
    """Text values without surrounding spaces (a code pasted with a trailing space)."""
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


def _clean(obj: Model, **options: Any) -> Errors:
    """The model's own validation (types, lengths, choices, GS1 keys) as field messages; the
    uniqueness rules are checked by the services, which say it in the field's words."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False, **options)
    except ValidationError as exc:
        return {name: _messages(errors) for name, errors in exc.error_dict.items()}
    return {}


def _messages(errors: list[ValidationError]) -> list[str]:
    """A field's messages; Django's own "at most N characters" goes when a GS1 check has
    already said what is wrong with the length."""
    if len(errors) > 1:
        errors = [error for error in errors if error.code != "max_length"]
    return [message for error in errors for message in error.messages]
