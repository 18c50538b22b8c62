"""Lai Châu's org tree for the demo: the official province and communes, and its agencies."""

from pathlib import Path

from tinhso.core.policies import SYSTEM
from tinhso.orgunits.services import WriteSummary, import_agencies, load_province

LAI_CHAU = "12"
AGENCIES_CSV = Path(__file__).parent / "data" / "lai_chau_agencies.csv"


def load() -> list[str]:
    """Load the tree; returns lines to print. Running it again changes nothing."""
    province = load_province(actor=SYSTEM, province_code=LAI_CHAU)
    agencies = import_agencies(actor=SYSTEM, data=AGENCIES_CSV.read_bytes())
    return [_line("Lai Châu communes/wards", province), _line("Lai Châu agencies", agencies)]


def _line(label: str, summary: WriteSummary) -> str:
    counts = f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
    return f"{label}: {counts}"
