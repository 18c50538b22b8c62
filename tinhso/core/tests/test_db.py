"""fetch_together and compiled: one round trip on PostgreSQL, SQL compiled once per shape, and
the same rows as the ORM gives, on every database."""

from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.db.models import QuerySet

from tinhso.core.db import Select, compiled, fetch_together
from tinhso.monitoring.models import Target
from tinhso.orgunits.models import OrgUnit


def by_codes(codes: Sequence[str]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(code__in=codes).order_by("code")


def test_gives_what_each_queryset_gives(lai_chau: OrgUnit) -> None:
    province = OrgUnit.objects.filter(code="12")
    communes = OrgUnit.objects.filter(parent=lai_chau).order_by("code")
    nothing = OrgUnit.objects.filter(code__in=[])
    got = fetch_together(province, communes, nothing)
    assert got == [list(province), list(communes), []]
    assert got[0][0].path == "12/"
    assert got[1][0].parent_id == lai_chau.pk


def test_compiled_lookups_take_new_values(lai_chau: OrgUnit) -> None:
    first = fetch_together(compiled(by_codes, ["03388", "03390"]))[0]
    again = fetch_together(compiled(by_codes, ["12", "03388"]))[0]
    assert [u.code for u in first] == ["03388", "03390"]
    assert [u.code for u in again] == ["03388", "12"]
    assert compiled(by_codes, []).sql is None


def test_values_come_back_as_the_orm_gives_them(lai_chau: OrgUnit) -> None:
    from tinhso.monitoring.models import Indicator

    indicator = Indicator.objects.create(code="X", name="X", numerator="1")
    Target.objects.create(indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal("2.5"))
    (target,) = fetch_together(Target.objects.all())[0]
    assert target.value == Decimal("2.5")
    assert isinstance(target.value, Decimal)


def test_takes_whole_rows_only(lai_chau: OrgUnit) -> None:
    with pytest.raises(ValueError, match="whole model rows"):
        Select.of(OrgUnit.objects.only("code"))
    with pytest.raises(ValueError, match="whole model rows"):
        fetch_together(OrgUnit.objects.select_related("parent"))
