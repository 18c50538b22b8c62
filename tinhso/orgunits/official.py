"""The official administrative units, read from the PyPI package ``vietnam-provinces``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import vietnam_provinces
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward

from tinhso.orgunits.choices import OrgUnitKind

# The two-level local government (province, commune) took effect on this date.
TWO_LEVEL_SINCE = dt.date(2025, 7, 1)
SOURCE = f"vietnam-provinces {vietnam_provinces.__data_version__}"

KINDS = {
    VietNamDivisionType.TINH: OrgUnitKind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: OrgUnitKind.CENTRAL_CITY,
    VietNamDivisionType.XA: OrgUnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: OrgUnitKind.WARD,
    VietNamDivisionType.DAC_KHU: OrgUnitKind.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class OfficialUnit:
    code: str
    name: str
    kind: OrgUnitKind
    parent_code: str | None


def province_code_of(value: str | int) -> ProvinceCode:
    """The official province code for "12", "012" or 12; a ValidationError naming it otherwise."""
    try:
        return ProvinceCode(int(str(value).strip()))
    except ValueError:
        known = ", ".join(all_province_codes())
        raise ValidationError(
            {
                "province": _("Unknown province code “%(code)s”. Official codes: %(known)s.")
                % {"code": value, "known": known}
            }
        ) from None


def all_province_codes() -> list[str]:
    """Every official province code, two digits, in order."""
    return [f"{code:02d}" for code in sorted(p.code.value for p in Province.iter_all())]


def province_choices() -> list[tuple[str, str]]:
    """(code, "code · name") for every province, for a select box."""
    names = {f"{p.code.value:02d}": p.name for p in Province.iter_all()}
    return [(code, f"{code} · {names[code]}") for code in all_province_codes()]


def official_units(value: str | int) -> list[OfficialUnit]:
    """The province and its communes/wards, province first, as the official list has them."""
    code = province_code_of(value)
    province = Province.from_code(code)
    province_code = f"{code.value:02d}"
    units = [OfficialUnit(province_code, province.name, KINDS[province.division_type], None)]
    for ward in Ward.iter_by_province(code):
        units.append(
            OfficialUnit(
                f"{ward.code.value:05d}", ward.name, KINDS[ward.division_type], province_code
            )
        )
    return units
