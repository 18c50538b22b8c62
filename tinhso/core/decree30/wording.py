"""The letterhead's phrases: the parent body, the place and the date line.

Decree 30/2020/NĐ-CP fixes these word for word, so they stay Vietnamese in any language: the
date line ("Lai Châu, ngày 05 tháng 02 năm 2026") and the "UBND" of the parent body.
"""

from __future__ import annotations

import re
from datetime import date

from tinhso.orgunits.models import OrgUnit

_PREFIXES = re.compile(r"^(Tỉnh|Thành phố|Province|City)\s+", re.IGNORECASE)


def place_name(province: OrgUnit) -> str:
    """The province's name without "Tỉnh"/"Thành phố": the place of the date line."""
    return _PREFIXES.sub("", province.name).strip()


def parent_body(province: OrgUnit) -> str:
    """The People's Committee of the province, as the letter's parent body: UBND TỈNH LAI CHÂU."""
    return f"UBND {province.name.upper()}"


def date_line(place: str, day: date) -> str:
    """Decree 30's place and date; days below 10 and the months 1 and 2 get a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
