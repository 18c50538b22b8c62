"""The letter's fields as the options of a report's management command: declared once, read into
the page's form over its defaults, and named in the messages about what to correct."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.management.base import CommandParser

# The letter's fields by the options that fill them.
LETTER_OPTIONS = {
    "subject": "--subject", "parent_body": "--parent-body", "issuer": "--issuer",
    "number": "--number", "day": "--date", "signer_title": "--signer-title",
    "signer_name": "--signer-name", "recipients": "--recipient", "proposals": "--proposals",
}  # fmt: skip


def add_letter_arguments(
    parser: CommandParser,
    *,
    subject_help: str,
    parent_body_help: str,
    proposals_help: str,
    proposals_default: str | None,
) -> None:
    """--subject … --proposals; what is left out takes the form's default."""
    parser.add_argument("--subject", help=subject_help)
    parser.add_argument("--parent-body", help=parent_body_help)
    parser.add_argument("--issuer", help="The issuing body.")
    parser.add_argument("--number", default="", help="e.g. 15/BC-TTĐMST")
    parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD; default: today.")
    parser.add_argument("--signer-title", action="append", help="Repeat for each line.")
    parser.add_argument("--signer-name", default="")
    parser.add_argument("--recipient", action="append", help="Repeat for each recipient.")
    parser.add_argument("--proposals", default=proposals_default, help=proposals_help)


def letter_data(options: dict[str, Any]) -> dict[str, Any]:
    """The letter's fields as the options give them; None where an option was left out."""
    return {
        "subject": options["subject"], "parent_body": options["parent_body"],
        "issuer": options["issuer"], "number": options["number"], "day": options["date"],
        "signer_name": options["signer_name"], "proposals": options["proposals"],
        "signer_title": "\n".join(options["signer_title"] or []) or None,
        "recipients": "\n".join(options["recipient"] or []) or None,
    }  # fmt: skip


def over_defaults(defaults: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The form's data: its defaults, and over them each option given."""
    return {**defaults, **{key: value for key, value in given.items() if value is not None}}


def form_errors(form: forms.Form, options: dict[str, str]) -> str:
    """The form's errors, one a line, each after the option (of ``options``, by field) to
    correct."""
    lines = []
    for field, errors in form.errors.items():
        name = options.get(field, "")
        lines += [f"{name}: {error}" if name else str(error) for error in errors]
    return "\n".join(lines)
