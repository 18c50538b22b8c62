"""The frame of a report ("báo cáo") in the layout of Decree 30/2020/NĐ-CP: the letterhead, the
title and the summary line; sections numbered I, II, …, with numbered tables and charts; the
proposals; the closing "./."; the signature and the recipients. An app's report says what is in
its sections; the frame is the same for every report.

Figures in the text are written the active language's way (1.234,5 and 94,8% in Vietnamese).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject

from tinhso.core.decree30 import document as layout
from tinhso.core.decree30.wording import date_line

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT = "BÁO CÁO"  # the kind of document, a formula of the decree
TABLE_PT = 11
CHART_MM = 160
NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True, kw_only=True)
class Letter:
    """What the author chooses about the document itself, as opposed to its figures."""

    subject: str
    parent_body: str
    issuer: str
    number: str
    place: str
    day: date
    signer_title: list[str]
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    proposals: str = ""


def begin(letter: Letter, summary: str) -> DocumentObject:
    """A new document with the letterhead, "BÁO CÁO" and ``summary`` (the trích yếu)."""
    document = layout.new_document(title=summary, author=letter.issuer)
    layout.letterhead(
        document,
        parent_body=letter.parent_body,
        issuer=letter.issuer,
        number=letter.number,
        date_line=date_line(letter.place, letter.day),
    )
    layout.title(document, REPORT, summary)
    return document


def finish(document: DocumentObject, letter: Letter, summary: str) -> bytes:
    """The closing sentence, the signature and the recipients; the document as DOCX bytes."""
    # "./." closes the body of a Vietnamese administrative text.
    closing = _("The above is the report: %(summary)s") % {
        "summary": summary[:1].lower() + summary[1:]
    }
    layout.paragraph(document, closing + "./.")
    layout.signature(
        document,
        recipients=letter.recipients,
        signer_title=letter.signer_title,
        signer_name=letter.signer_name,
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


@dataclass
class SectionWriter:
    """Writes a report's body in order, numbering sections, tables and charts as it goes."""

    document: DocumentObject
    sections: int = field(default=0, kw_only=True)
    tables: int = field(default=0, kw_only=True)
    charts: int = field(default=0, kw_only=True)

    def say(self, text: str) -> None:
        layout.paragraph(self.document, text)

    def section(self, text: str) -> None:
        numeral = NUMERALS[self.sections]
        self.sections += 1
        layout.heading(self.document, f"{numeral}. {text}", capitals=True)

    def numbered_table(
        self,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths_mm: Sequence[float],
        numeric: Sequence[bool],
        total: bool = False,
    ) -> None:
        """ "Table N. ``title``" and the table under it."""
        self.tables += 1
        layout.caption(
            self.document,
            _("Table %(number)s. %(title)s") % {"number": self.tables, "title": title},
        )
        layout.data_table(
            self.document, columns, rows, widths_mm=widths_mm, numeric=numeric, total=total,
            size=TABLE_PT,
        )  # fmt: skip

    def chart(self, png: bytes | None, title: str) -> None:
        """The chart with "Chart N. ``title``" under it; nothing when there is no chart."""
        if png is None:
            return
        self.charts += 1
        text = _("Chart %(number)s. %(title)s") % {"number": self.charts, "title": title}
        layout.picture(self.document, png, width_mm=CHART_MM, text=text)

    def proposals(self, text: str) -> None:
        """The proposals as written, one paragraph a line; a highlighted placeholder when
        there are none yet."""
        self.section(_("Proposals and recommendations"))
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in lines:
            self.say(line)
        if not lines:
            layout.placeholder(
                self.document,
                _(
                    "[Write here the proposals and recommendations to the Provincial People's "
                    "Committee and the steering committee.]"
                ),
            )


def count_text(value: int) -> str:
    """A count in prose: "1.234" in Vietnamese."""
    return number_format(value, force_grouping=True)


def number_text(value: Decimal, places: int = 1) -> str:
    return number_format(value, decimal_pos=places, force_grouping=True)


def percent_text(value: Decimal | None, places: int = 1) -> str:
    """A share in prose: "94,8%" in Vietnamese; "-" when there is none."""
    return "-" if value is None else number_text(value, places) + "%"
