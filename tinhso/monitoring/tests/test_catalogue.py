"""The built-in catalogue: Res-57 metadata, the national 2030 targets, the Lai Châu 2025 facts."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring import expressions
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.catalogue.spec import Entry, read_catalogue, read_facts
from tinhso.monitoring.models import (
    Category,
    CategoryOption,
    DataElement,
    DataImport,
    DataSet,
    DataValue,
    Indicator,
    IndicatorGroup,
    Submission,
    Target,
    ValidationRule,
)
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.services import load_province

pytestmark = pytest.mark.django_db

# DESIGN.md, "Facts from the province": Lai Châu, 2025 (steering-committee review of 11/8/2025).
LAI_CHAU_2025 = {
    "STEERING_COMMITTEES_AGENCIES": "11",  # 11 agencies ... have set up steering committees
    "STEERING_COMMITTEES_LOCALITIES": "38",  # ... and 38 localities (communes/wards)
    "COMMUNE_UNITS": "38",  # exactly 38 commune-level units since 1/7/2025
    "DIGITAL_LITERACY_COURSES": "12",  # "Bình dân học vụ số": 12 courses
    "DIGITAL_LITERACY_LEARNERS": "80725",  # ... 80,725 registered learners
    "ST_TASKS_MANAGED": "11",  # 11 S&T tasks under management
    "BUDGET_STI_DT": "81.6",  # 2025 budget: 81.6 billion VND
    "BUDGET_DT": "68",  # over 68 billion for digital transformation
    "BUDGET_STI": "13",  # over 13 billion for S&T and innovation
    "IOC_OPERATING": "1",  # IOC in operation since October 2024
    "DATA_NETWORK_COVERAGE": "100",  # dedicated data network reaches 100%
    "LGSP_CONNECTIONS": "12",  # LGSP connected to NDXP: 12 connections completed
    "DATABASES_BUILT": "24",  # 24 databases built
}
# DESIGN.md, "National targets for 2030 (Resolution 57; Government resolution 71/NQ-CP)".
NATIONAL_2030 = {
    "DIGITAL_ECONOMY_SHARE": "30",
    "ONLINE_SERVICE_USAGE": "80",
    "FULL_ONLINE_PROCEDURES": "90",
    "RD_SPENDING_SHARE": "2",
    "RD_NON_STATE_SHARE": "60",
    "STI_BUDGET_SHARE": "3",
    "RD_STAFF_PER_10K": "12",
    "INNOVATIVE_ENTERPRISES_SHARE": "40",
    "CASHLESS_SHARE": "80",
    "DIGITAL_SIGNATURE_ADULTS": "70",
    "TASKS_MONITORED_ONLINE_SHARE": "100",
}
SOURCE = "Sơ kết Ban Chỉ đạo tỉnh Lai Châu về Nghị quyết 57, ngày 11/8/2025"


@pytest.fixture
def lai_chau_with_agencies(lai_chau: OrgUnit) -> OrgUnit:
    list(orgunits_demo.load())
    return lai_chau


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _state() -> tuple[object, ...]:
    models = (
        Category, CategoryOption, DataElement, IndicatorGroup, Indicator, DataSet, Target,
        DataValue, DataImport,
    )  # fmt: skip
    rows = tuple(list(model.objects.values().order_by("pk")) for model in models)
    links = (
        list(DataSet.elements.through.objects.values_list("pk", flat=True).order_by("pk")),
        list(DataSet.org_units.through.objects.values_list("pk", flat=True).order_by("pk")),
        list(Indicator.groups.through.objects.values_list("pk", flat=True).order_by("pk")),
    )
    return (*rows, *links, AuditEntry.objects.count())


def test_the_catalogue_loads_its_metadata_and_targets(lai_chau_with_agencies):
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (95, 0, 0)
    assert list(ValidationRule.objects.values_list("code", "left", "operator", "right")) == [
        ("ONLINE_LE_RECEIVED", "#{DOSSIERS_ONLINE}", "<=", "#{DOSSIERS_RECEIVED}"),
        ("SIGNATURES_LE_ADULTS_FEMALE", "#{ADULTS_DIGITAL_SIGNATURE.FEMALE}", "<=",
         "#{ADULT_POPULATION.FEMALE}"),
        ("SIGNATURES_LE_ADULTS_MALE", "#{ADULTS_DIGITAL_SIGNATURE.MALE}", "<=",
         "#{ADULT_POPULATION.MALE}"),
    ]  # fmt: skip
    assert (
        Category.objects.exclude(code="default").count(),
        CategoryOption.objects.exclude(code="default").count(),
        IndicatorGroup.objects.count(),
        DataElement.objects.count(),
        Indicator.objects.count(),
        DataSet.objects.count(),
        Target.objects.count(),
    ) == (2, 4, 6, 39, 26, 4, 11)
    signatures = DataElement.objects.get(code="ADULTS_DIGITAL_SIGNATURE")
    assert (
        signatures.name, signatures.name_en, signatures.value_type, signatures.unit,
        signatures.aggregation, signatures.direction, signatures.category.code,
    ) == (
        "Số người trưởng thành có chữ ký số", "Adults with a digital signature",
        "zero_or_positive_integer", "người", "last", "higher", "SEX",
    )  # fmt: skip
    assert DataElement.objects.get(code="DEAD_ZONE_VILLAGES").direction == "lower"
    sexes = CategoryOption.objects.filter(category__code="SEX").order_by("sort_order")
    assert [(o.code, o.name, o.name_en) for o in sexes] == [
        ("FEMALE", "Nữ", "Female"),
        ("MALE", "Nam", "Male"),
    ]


def test_data_sets_are_reported_by_communes_agencies_and_the_province(lai_chau_with_agencies):
    # when
    load_catalogue(actor=SYSTEM)
    # then
    monthly = DataSet.objects.get(code="COMMUNE_MONTHLY")
    quarterly = DataSet.objects.get(code="AGENCY_QUARTERLY")
    yearly = DataSet.objects.get(code="PROVINCE_YEARLY")
    assert (monthly.period_type, quarterly.period_type, yearly.period_type) == (
        "monthly", "quarterly", "yearly",
    )  # fmt: skip
    assert monthly.org_units.count() == 38
    assert set(monthly.org_units.values_list("kind", flat=True)) == {"commune", "ward"}
    assert sorted(quarterly.org_units.values_list("code", flat=True)) == [
        "12.SCT", "12.SGDDT", "12.SKHCN", "12.SNNMT", "12.SNV", "12.STC", "12.STP",
        "12.SVHTTDL", "12.SXD", "12.SYT", "12.TTDMST", "12.UBND", "12.VPUBND",
    ]  # fmt: skip
    assert list(yearly.org_units.values_list("code", flat=True)) == ["12"]
    assert (monthly.elements.count(), quarterly.elements.count(), yearly.elements.count()) == (
        6, 6, 25,
    )  # fmt: skip
    in_two_sets = DataElement.objects.filter(data_sets__isnull=False).values("code")
    assert in_two_sets.count() == in_two_sets.distinct().count() == 39


def test_the_traceability_figures_are_reported_yearly_by_communes_and_wards(lai_chau):
    # when
    load_catalogue(actor=SYSTEM)
    # then: stock figures, fed by the registry per commune, summed up to the province
    traceability = DataSet.objects.get(code="TRACEABILITY_YEARLY")
    assert traceability.period_type == "yearly"
    assert traceability.org_units.count() == 38
    assert set(traceability.org_units.values_list("kind", flat=True)) == {"commune", "ward"}
    elements = traceability.elements.order_by("code")
    assert [(e.code, e.name, e.name_en, e.value_type, e.unit, e.aggregation) for e in elements] == [
        ("TRACEABILITY_ENTERPRISES", "Số doanh nghiệp, hợp tác xã ứng dụng truy xuất nguồn gốc",
         "Enterprises and cooperatives using traceability", "zero_or_positive_integer",
         "doanh nghiệp", "last"),
        ("TRACEABILITY_PRODUCTS_QR", "Số sản phẩm có mã QR truy xuất nguồn gốc",
         "Products with a traceability QR code", "zero_or_positive_integer", "sản phẩm", "last"),
    ]  # fmt: skip
    indicators = Indicator.objects.filter(code__startswith="TRACEABILITY").order_by("code")
    assert [(i.code, i.numerator, i.denominator, i.decimals) for i in indicators] == [
        ("TRACEABILITY_ENTERPRISES_COUNT", "#{TRACEABILITY_ENTERPRISES}", "1", 0),
        ("TRACEABILITY_PRODUCTS_QR_COUNT", "#{TRACEABILITY_PRODUCTS_QR}", "1", 0),
    ]
    assert set(indicators.values_list("groups__code", flat=True)) == {"DIGITAL"}


def test_every_indicator_expression_validates(lai_chau):
    # given
    load_catalogue(actor=SYSTEM)
    codes = set(DataElement.objects.values_list("code", flat=True))
    options: dict[str, list[str]] = {}
    for element in DataElement.objects.select_related("category"):
        if element.category is not None:
            options[element.code] = [o.code for o in element.category.options.all()]
    # when
    problems = {
        indicator.code: expressions.validate(text, codes, options)
        for indicator in Indicator.objects.all()
        for text in (indicator.numerator, indicator.denominator)
    }
    # then
    assert len(problems) == 26
    assert {code: messages for code, messages in problems.items() if messages} == {}
    women = Indicator.objects.get(code="DIGITAL_SIGNATURE_WOMEN")
    assert (women.numerator, women.denominator, women.factor) == (
        "#{ADULTS_DIGITAL_SIGNATURE.FEMALE}", "#{ADULT_POPULATION.FEMALE}", Decimal(100),
    )  # fmt: skip


def test_an_indicator_with_a_bad_expression_stops_the_load_before_anything_is_written(lai_chau):
    # given
    catalogue = read_catalogue()
    broken = Entry("BROKEN", {"name": "Hỏng", "numerator": "#{NO_SUCH_ELEMENT} * 2"}, {})
    bad = replace(catalogue, indicators=(*catalogue.indicators, broken))
    typo = Entry("TYPO", {"name": "Lỗi", "numerator": "#{GRDP} +"}, {})
    # when, then
    with pytest.raises(ValidationError, match="indicator BROKEN: numerator: Unknown data element"):
        load_catalogue(actor=SYSTEM, catalogue=replace(bad, targets=()))
    with pytest.raises(ValidationError, match="indicator TYPO: numerator: Unexpected end"):
        load_catalogue(actor=SYSTEM, catalogue=replace(catalogue, indicators=(typo,)))
    assert (DataElement.objects.count(), Indicator.objects.count()) == (0, 0)


def test_the_lai_chau_2025_facts_are_stored_exactly_as_design_md_gives_them(lai_chau):
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then
    assert (summary.facts_imported, summary.facts_unchanged) == (13, 0)
    values = DataValue.objects.select_related("data_element", "org_unit", "option")
    assert {v.data_element.code: _plain(v.value) for v in values} == LAI_CHAU_2025
    assert {(v.org_unit.code, v.period, v.period_type, v.option.code) for v in values} == {
        ("12", "2025", "yearly", "default")
    }
    assert all(v.comment.endswith(f" — {SOURCE}") for v in values)
    assert values.get(data_element__code="BUDGET_DT").comment.startswith("Trên 68 tỷ đồng")
    log = DataImport.objects.get()
    assert (log.source, log.file_format, log.imported, log.actor_name) == (
        "load_catalogue", "toml", 13, "system",
    )  # fmt: skip
    assert Submission.objects.count() == 0  # real figures, but no report was made for them


def test_the_facts_file_names_its_source_for_each_fact():
    # when
    facts = read_facts()
    # then
    assert (facts.province, facts.period, facts.source) == ("12", "2025", SOURCE)
    assert [fact.element for fact in facts.facts] == list(LAI_CHAU_2025)
    assert all(fact.quote and fact.comment for fact in facts.facts)


def test_the_national_2030_targets_are_set_at_the_province(lai_chau):
    # when
    load_catalogue(actor=SYSTEM)
    # then
    targets = Target.objects.select_related("indicator", "org_unit")
    assert {t.indicator.code: _plain(t.value) for t in targets} == NATIONAL_2030
    assert {(t.org_unit.code, t.year, t.baseline, t.baseline_year) for t in targets} == {
        ("12", 2030, None, None)
    }
    national = Indicator.objects.filter(code__in=NATIONAL_2030)
    assert set(national.values_list("groups__code", flat=True)) >= {"RES57"}
    assert set(Indicator.objects.values_list("national_code", flat=True)) == {""}


def test_loading_twice_changes_nothing_and_says_so(lai_chau_with_agencies):
    # given
    load_catalogue(actor=SYSTEM)
    before = _state()
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 95)
    assert (summary.facts_imported, summary.facts_unchanged) == (0, 13)
    assert summary.lines() == [
        "Monitoring catalogue: 0 created, 0 updated, 95 unchanged",
        "Province facts 2025: 0 imported, 13 unchanged",
    ]
    assert _state() == before


def test_every_created_row_is_audited_once_and_the_facts_once(lai_chau):
    # given
    entries = AuditEntry.objects.count()
    # when
    load_catalogue(actor=SYSTEM)
    # then
    new = AuditEntry.objects.order_by("pk")[entries:]
    assert Counter(e.action for e in new) == {AuditAction.CREATE: 95, AuditAction.IMPORT: 1}
    data_set = next(e for e in new if e.object_repr.startswith("Báo cáo tháng"))
    assert data_set.actor_name == "system"
    assert len(data_set.changes["org_units"][1]) == 38
    assert data_set.changes["elements"] == [None, sorted(data_set.changes["elements"][1])]


def test_units_loaded_later_are_linked_on_the_next_load(lai_chau):
    # given
    load_catalogue(actor=SYSTEM)
    assert DataSet.objects.get(code="AGENCY_QUARTERLY").org_units.count() == 0
    list(orgunits_demo.load())
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 94)
    assert DataSet.objects.get(code="AGENCY_QUARTERLY").org_units.count() == 13
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, content_type__model="dataset")
    assert entry.changes["org_units"][0] == []
    assert len(entry.changes["org_units"][1]) == 13


def test_the_centers_own_edits_survive_a_reload(lai_chau):
    # given
    load_catalogue(actor=SYSTEM)
    Indicator.objects.filter(code="CASHLESS_SHARE").update(
        name="Tỷ lệ thanh toán không dùng tiền mặt", national_code="NQ71-09"
    )
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then
    assert summary.created == 0
    cashless = Indicator.objects.get(code="CASHLESS_SHARE")
    assert (cashless.name, cashless.national_code) == (
        "Tỷ lệ thanh toán không dùng tiền mặt", "NQ71-09",
    )  # fmt: skip


def test_another_province_gets_the_catalogue_and_targets_but_not_lai_chaus_facts(db):
    # given
    load_province(actor=SYSTEM, province_code="11")
    # when
    summary = load_catalogue(actor=SYSTEM, province_code="11")
    # then
    assert summary.lines() == ["Monitoring catalogue: 95 created, 0 updated, 0 unchanged"]
    assert DataValue.objects.count() == 0
    assert set(Target.objects.values_list("org_unit__code", flat=True)) == {"11"}
    assert DataSet.objects.get(code="COMMUNE_MONTHLY").org_units.count() == 45


def test_the_province_must_be_loaded_first(db):
    # when, then
    with pytest.raises(ValidationError) as caught:
        load_catalogue(actor=SYSTEM)
    assert caught.value.message_dict == {
        "province": ["Load the province's org units first (manage.py load_province 12)."]
    }
    assert DataElement.objects.count() == 0


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER, Role.ENTERPRISE])
def test_only_the_center_may_load_the_catalogue(users, role):
    # given
    before = _state()
    # when, then
    with pytest.raises(PermissionDenied):
        load_catalogue(actor=users[role])
    assert _state() == before


def test_center_staff_may_load_the_catalogue(users):
    # when
    summary = load_catalogue(actor=users[Role.CENTER_STAFF])
    # then
    assert summary.created == 95
    assert DataImport.objects.get().actor == users[Role.CENTER_STAFF]


def test_the_command_loads_and_reports(lai_chau):
    # given
    out = _Sink()
    # when
    call_command("load_catalogue", stdout=out)
    call_command("load_catalogue", stdout=out)
    # then
    assert out.lines == [
        "Monitoring catalogue: 95 created, 0 updated, 0 unchanged",
        "Province facts 2025: 13 imported, 0 unchanged",
        "Monitoring catalogue: 0 created, 0 updated, 95 unchanged",
        "Province facts 2025: 0 imported, 13 unchanged",
    ]


def test_the_command_explains_a_missing_province(db):
    # the command speaks Vietnamese, as load_demo does; the hint is the same in any language
    with pytest.raises(CommandError, match=r"manage\.py load_province 12"):
        call_command("load_catalogue", "--province", "12", stdout=_Sink())


class _Sink:
    """A stdout for call_command that keeps the lines written."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> None:
        self.lines.extend(line for line in text.splitlines() if line)

    def flush(self) -> None:
        pass
