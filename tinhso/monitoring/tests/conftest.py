"""A small monitoring catalogue for tests: three elements, one split by sex, two data sets."""

from dataclasses import dataclass

import pytest

from tinhso.monitoring.choices import Aggregation, PeriodTypeChoice, ValueType
from tinhso.monitoring.models import Category, CategoryOption, DataElement, DataSet
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit


@dataclass
class Catalogue:
    startups: DataElement
    trainees: DataElement
    online_rate: DataElement
    monthly: DataSet
    yearly: DataSet


@pytest.fixture
def catalogue(lai_chau: OrgUnit) -> Catalogue:
    sex = Category.objects.create(code="SEX", name="Giới tính")
    CategoryOption.objects.create(category=sex, code="FEMALE", name="Nữ", sort_order=1)
    CategoryOption.objects.create(category=sex, code="MALE", name="Nam", sort_order=2)
    startups = DataElement.objects.create(
        code="STARTUPS", name="Doanh nghiệp khởi nghiệp được hỗ trợ",
        value_type=ValueType.ZERO_OR_POSITIVE_INTEGER, aggregation=Aggregation.SUM,
    )  # fmt: skip
    trainees = DataElement.objects.create(
        code="TRAINEES", name="Người được tập huấn kỹ năng số", category=sex,
        value_type=ValueType.ZERO_OR_POSITIVE_INTEGER, aggregation=Aggregation.SUM,
    )  # fmt: skip
    online_rate = DataElement.objects.create(
        code="ONLINE_RATE", name="Tỷ lệ hồ sơ trực tuyến toàn trình",
        value_type=ValueType.PERCENTAGE, aggregation=Aggregation.AVERAGE,
    )  # fmt: skip
    communes = OrgUnit.objects.filter(kind__in=LOCAL_KINDS)
    monthly = DataSet.objects.create(
        code="MONTHLY", name="Báo cáo tháng", period_type=PeriodTypeChoice.MONTHLY
    )
    monthly.elements.set([startups, trainees])
    monthly.org_units.set(communes)
    yearly = DataSet.objects.create(
        code="YEARLY", name="Báo cáo năm", period_type=PeriodTypeChoice.YEARLY
    )
    yearly.elements.set([online_rate])
    yearly.org_units.set(communes)
    return Catalogue(startups, trainees, online_rate, monthly, yearly)


@pytest.fixture(autouse=True)
def empty_file_storage(settings):  # type: ignore[no-untyped-def]
    """A fresh in-memory file storage per test: uploads (evidence, checked imports) left by one
    test must not be seen by the next. Changing STORAGES makes Django drop its storages."""
    settings.STORAGES = {**settings.STORAGES}
