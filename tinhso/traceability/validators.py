"""Checks of the registry's fields, each raising Django's ValidationError with the message a
reader can act on. GS1 keys are checked by tinhso.traceability.gs1.keys, whose messages say the
length, the character or the check digit that is wrong."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.traceability.gs1 import keys

AI_TEXT_MAX = 20  # AI 10 (lot) and AI 21 (serial): up to 20 characters of set 82
IMAGE_MAX_BYTES = 5 * 2**20
CERTIFICATIONS_MAX = 20
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_MEDIA_TYPE = re.compile(r"[a-z]+/[A-Za-z0-9][A-Za-z0-9.+-]*")
_HTTPS = URLValidator(schemes=["https"])
# What an image file starts with, by extension; WebP is "RIFF", four size bytes, then "WEBP".
IMAGE_SIGNATURES: dict[str, tuple[str, bytes, int]] = {
    ".png": ("PNG", b"\x89PNG\r\n\x1a\n", 0),
    ".jpg": ("JPEG", b"\xff\xd8\xff", 0),
    ".jpeg": ("JPEG", b"\xff\xd8\xff", 0),
    ".webp": ("WebP", b"WEBP", 8),
}
CERTIFICATION_KEYS = ("name", "number", "issuer", "valid_until")


def _gs1(check: Callable[[], Any]) -> None:
    """Run a gs1.keys check; its error as a field error with its message and stable code."""
    try:
        check()
    except keys.GS1KeyError as exc:
        raise ValidationError(exc.message, code=exc.code) from None


def validate_gtin(value: str) -> None:
    _gs1(lambda: keys.validate_gtin(value))


def validate_gln(value: str) -> None:
    _gs1(lambda: keys.validate_gln(value))


def validate_lot(value: str) -> None:
    _gs1(lambda: keys.require_charset(_("Lot number"), value, AI_TEXT_MAX))


def validate_serial(value: str) -> None:
    _gs1(lambda: keys.require_charset(_("Serial number"), value, AI_TEXT_MAX))


def normalize_gtin(value: str) -> str:
    """A GTIN as typed (8, 12, 13 or 14 digits, spaces allowed) as its 14 digits; a value that
    is not a valid GTIN is returned without its spaces, for the field's check to explain."""
    compact = "".join(value.split())
    try:
        return keys.validate_gtin(compact)
    except keys.GS1KeyError:
        return compact


def validate_company_prefix(value: str) -> None:
    if not (keys.is_digits(value) and 6 <= len(value) <= 12):
        raise ValidationError(
            gettext_lazy("A GS1 company prefix is 6 to 12 digits."), code="company_prefix"
        )


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.fullmatch(value):
        raise ValidationError(
            gettext_lazy("A tax code is 10 digits, or 10 digits, a dash and 3 digits (a branch)."),
            code="tax_code",
        )


def validate_href(value: str) -> None:
    """An https address, or a path on this site (one slash, then no second one)."""
    if value.startswith("/") and not value.startswith("//"):
        return
    message = gettext_lazy("Give an https:// address, or a path on this site starting with /.")
    if not value.startswith("https://"):
        raise ValidationError(message, code="href")
    try:
        _HTTPS(value)
    except ValidationError:
        raise ValidationError(message, code="href") from None


def validate_language(value: str) -> None:
    if not _LANGUAGE.fullmatch(value):
        raise ValidationError(
            gettext_lazy("Use a language code such as vi or en."), code="language"
        )


def validate_media_type(value: str) -> None:
    if not _MEDIA_TYPE.fullmatch(value):
        raise ValidationError(
            gettext_lazy("Use a media type such as text/html or application/pdf."),
            code="media_type",
        )


def check_image(upload: File[bytes]) -> None:
    """Raise ValueError, with a reader's message, unless ``upload`` is a PNG, JPEG or WebP image
    of at most 5 MB whose content starts the way its extension says."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    known = IMAGE_SIGNATURES.get(extension)
    if known is None:
        raise ValueError(_("The image must be a PNG, JPEG or WebP file."))
    if (upload.size or 0) > IMAGE_MAX_BYTES:
        raise ValueError(
            _("The image is larger than %(size)s MB.") % {"size": IMAGE_MAX_BYTES // 2**20}
        )
    kind, signature, offset = known
    upload.seek(0)
    head = upload.read(offset + len(signature))
    upload.seek(0)
    if head[offset:] != signature or (kind == "WebP" and head[:4] != b"RIFF"):
        raise ValueError(_("The file's content is not a %(type)s image.") % {"type": kind})


def certification_problems(items: Any) -> list[str]:
    """What is wrong with a product's certifications: a list of at most 20 objects, each with a
    name, and optionally a number, an issuer and a valid-until date (YYYY-MM-DD). Each message
    names the certification by its place in the list."""
    if not isinstance(items, list):
        return [_("Certifications must be a list.")]
    if len(items) > CERTIFICATIONS_MAX:
        return [_("At most %(max)d certifications.") % {"max": CERTIFICATIONS_MAX}]
    problems: list[str] = []
    for position, item in enumerate(items, start=1):
        problems += [
            _("Certification %(n)d: %(problem)s") % {"n": position, "problem": problem}
            for problem in _one_certification(item)
        ]
    return problems


def _one_certification(item: Any) -> list[str]:
    if not isinstance(item, dict):
        return [_("give an object with a name, a number, an issuer and a valid-until date.")]
    unknown = sorted(set(item) - set(CERTIFICATION_KEYS))
    if unknown:
        return [_("unknown field %(name)s.") % {"name": unknown[0]}]
    problems = []
    if not isinstance(item.get("name"), str) or not item["name"].strip():
        problems.append(_("give its name, e.g. VietGAP or OCOP 4 stars."))
    limits = {"name": 100, "number": 100, "issuer": 200}
    for key, limit in limits.items():
        value = item.get(key) or ""
        if not isinstance(value, str) or len(value) > limit:
            problems.append(
                _("%(field)s must be text of at most %(max)d characters.")
                % {"field": key, "max": limit}
            )
    valid_until = item.get("valid_until")
    if valid_until is not None and not _is_iso_date(valid_until):
        problems.append(_("valid_until must be a date written YYYY-MM-DD."))
    return problems


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def clean_certifications(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The certifications in their stored form: every key present, text stripped, empty
    dates as null, in the order given."""
    return [
        {
            "name": str(item.get("name", "")).strip(),
            "number": str(item.get("number", "") or "").strip(),
            "issuer": str(item.get("issuer", "") or "").strip(),
            "valid_until": item.get("valid_until") or None,
        }
        for item in items
    ]
