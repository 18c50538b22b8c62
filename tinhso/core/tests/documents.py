"""Reading the DOCX reports in tests (tinhso.core.decree30): their tables by caption."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph


def table_rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_after(document: DocumentObject, caption: str) -> Table:
    """The table that follows the paragraph starting with ``caption``."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.startswith(caption):
            found = True
        elif found and isinstance(block, Table):
            return block
    raise AssertionError(f"no table after {caption!r}")
