"""The Lai Châu demo: generated history labelled as demo, reports in realistic states, targets."""

import datetime as dt
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.monitoring import demo
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.catalogue.spec import read_facts
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.models import DataImport, DataSet, DataValue, Submission, Target
from tinhso.monitoring.services import import_data_values
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
FACT_ELEMENTS = {fact.element for fact in read_facts().facts}
# The label is in the site's language (Vietnamese: "Dữ liệu minh họa" once translated).
LABEL = demo.demo_label()
FIRST_LOAD = [
    "Monitoring catalogue: 95 created, 0 updated, 0 unchanged",
    "Province facts 2025: 13 imported, 0 unchanged",
    f"Demo history 202201–202610 (comment “{LABEL}”): 20863 values created, 0 unchanged",
    "Demo reports: 2437 created (2398 approved, 4 draft, 12 returned, 23 submitted), "
    "0 unchanged; 18 overdue, not reported",
    "Demo targets 2025–2026: 20 created, 0 updated, 0 unchanged",
]


@pytest.fixture
def lai_chau_tree(lai_chau: OrgUnit) -> OrgUnit:
    """The province, its communes and wards, and its agencies."""
    list(orgunits_demo.load())
    return lai_chau


@pytest.fixture
def loaded(lai_chau_tree: OrgUnit) -> list[str]:
    return list(demo.load(TODAY))


def _state() -> tuple[object, ...]:
    return (
        list(DataValue.objects.values().order_by("pk")),
        list(Submission.objects.values().order_by("pk")),
        list(Target.objects.values().order_by("pk")),
        list(DataImport.objects.values().order_by("pk")),
        AuditEntry.objects.count(),
    )


def test_the_demo_loads_the_catalogue_the_facts_and_five_years_of_history(loaded):
    # then
    assert loaded == FIRST_LOAD
    assert Counter(Submission.objects.values_list("data_set__code", "status")) == {
        ("COMMUNE_MONTHLY", "approved"): 2163,
        ("COMMUNE_MONTHLY", "submitted"): 19,
        ("COMMUNE_MONTHLY", "returned"): 9,
        ("COMMUNE_MONTHLY", "draft"): 3,
        ("AGENCY_QUARTERLY", "approved"): 231,
        ("AGENCY_QUARTERLY", "submitted"): 4,
        ("AGENCY_QUARTERLY", "returned"): 3,
        ("AGENCY_QUARTERLY", "draft"): 1,
        ("PROVINCE_YEARLY", "approved"): 4,
    }
    generated = DataValue.objects.exclude(data_element__code__in=FACT_ELEMENTS)
    first, last = generated.earliest("period_start"), generated.latest("period_end")
    assert (first.period, last.period) == ("202201", "202610")
    years = generated.filter(period_type="yearly").values_list("period", flat=True)
    assert sorted(years.distinct()) == ["2022", "2023", "2024", "2025"]
    assert generated.filter(period_type="quarterly").values("period").distinct().count() == 19


def test_every_generated_value_is_labelled_as_demo_and_none_sits_on_a_real_fact(loaded):
    # given
    label = demo.demo_label()
    # then
    assert str(demo.DEMO_LABEL) == "Demo data"  # translated "Dữ liệu minh họa" in locale/vi
    generated = DataValue.objects.filter(comment=label)
    assert generated.count() == 20863
    assert not generated.filter(data_element__code__in=FACT_ELEMENTS).exists()
    real = DataValue.objects.exclude(comment=label)
    assert sorted(real.values_list("data_element__code", flat=True)) == sorted(FACT_ELEMENTS)
    assert set(generated.values_list("version", "stored_by")) == {(1, None)}
    # The budget the real 2025 S&T budget is divided by starts with it: no false 0% before.
    budget = generated.filter(data_element__code="BUDGET_EXPENDITURE")
    assert list(budget.values_list("period", flat=True)) == ["2025"]
    assert demo.has_demo_data() is True
    log = DataImport.objects.get(source="load_demo")
    assert (log.file_format, log.imported, log.actor_name, log.dry_run) == (
        "demo", 20863, "system", False,
    )  # fmt: skip
    entry = AuditEntry.objects.get(content_type__model="dataimport", object_id=str(log.pk))
    assert entry.changes == {"imported": [None, 20863], "reports": [None, 2437]}


def test_without_the_demo_there_is_no_demo_data(lai_chau_tree):
    # when
    load_catalogue(actor=SYSTEM)
    # then
    assert demo.has_demo_data() is False


def test_the_history_is_the_same_on_every_run(loaded):
    # given
    ward = DataValue.objects.filter(org_unit__code="03388", period="202201")
    # then
    assert {(v.data_element.code, v.option.code): v.value for v in ward} == {
        ("ADULT_POPULATION", "FEMALE"): Decimal(7577),
        ("ADULT_POPULATION", "MALE"): Decimal(7563),
        ("ADULTS_DIGITAL_SIGNATURE", "FEMALE"): Decimal(202),
        ("ADULTS_DIGITAL_SIGNATURE", "MALE"): Decimal(221),
        ("DOSSIERS_RECEIVED", "default"): Decimal(447),
        ("DOSSIERS_ONLINE", "default"): Decimal(71),
        ("DIGITAL_SKILLS_COACHED", "FEMALE"): Decimal(27),
        ("DIGITAL_SKILLS_COACHED", "MALE"): Decimal(23),
        ("DEAD_ZONE_VILLAGES", "default"): Decimal(0),
    }
    totals = Counter()
    for code, value in DataValue.objects.values_list("data_element__code", "value"):
        totals[code] += value
    assert (totals["DOSSIERS_RECEIVED"], totals["DOSSIERS_ONLINE"], totals["TASKS_ASSIGNED"]) == (
        421515, 152210, 3980,
    )  # fmt: skip
    assert (totals["GRDP"], totals["RD_SPENDING"]) == (Decimal("112578.1"), Decimal("320.9"))
    monthly = DataSet.objects.get(code="COMMUNE_MONTHLY")
    assert list(demo._reports(monthly, TODAY)) == list(demo._reports(monthly, TODAY))


def test_stocks_never_fall_and_online_dossiers_never_exceed_those_received(loaded):
    # given
    values: dict[tuple[str, str, str], dict[str, Decimal]] = {}
    rows = DataValue.objects.filter(period_type="monthly").values_list(
        "org_unit__code", "period", "option__code", "data_element__code", "value"
    )
    for unit, period, option, element, value in rows.order_by("period"):
        values.setdefault((unit, period, option), {})[element] = value
    # then
    signed: dict[tuple[str, str], Decimal] = {}
    for (unit, _period, option), cell in values.items():
        if "ADULTS_DIGITAL_SIGNATURE" in cell:
            assert cell["ADULTS_DIGITAL_SIGNATURE"] >= signed.get((unit, option), Decimal(0))
            assert cell["ADULTS_DIGITAL_SIGNATURE"] <= cell["ADULT_POPULATION"]
            signed[unit, option] = cell["ADULTS_DIGITAL_SIGNATURE"]
        if "DOSSIERS_ONLINE" in cell:
            assert cell["DOSSIERS_ONLINE"] <= cell["DOSSIERS_RECEIVED"]


def test_reports_are_in_realistic_states_and_unreported_ones_have_no_values(loaded):
    # then
    ward = Submission.objects.get(org_unit__code="03388", period="202610")
    assert (ward.status, ward.return_reason in demo.RETURN_REASONS) == ("returned", True)
    assert not Submission.objects.filter(org_unit__code="12.SNV", period="2026Q3").exists()
    assert not DataValue.objects.filter(org_unit__code="12.SNV", period="2026Q3").exists()
    reported = set(Submission.objects.values_list("org_unit__code", "period"))
    with_values = set(
        DataValue.objects.exclude(data_element__code__in=FACT_ELEMENTS).values_list(
            "org_unit__code", "period"
        )
    )
    assert with_values == reported
    recent = {"202608", "202609", "202610", "2026Q1", "2026Q2", "2026Q3"}
    pending = Submission.objects.exclude(status="approved")
    assert set(pending.values_list("period", flat=True)) <= recent


def test_report_dates_follow_the_workflow(loaded):
    # then
    drafts = Submission.objects.filter(status="draft")
    assert set(drafts.values_list("submitted_at", "decided_at")) == {(None, None)}
    handed_in = Submission.objects.exclude(status="draft")
    assert all(s.submitted_at < NOW for s in handed_in)
    decided = handed_in.exclude(status="submitted")
    assert all(s.submitted_at < s.decided_at < NOW for s in decided)
    assert set(handed_in.filter(status="submitted").values_list("decided_at", flat=True)) == {None}
    monthly = DataSet.objects.get(code="COMMUNE_MONTHLY")
    late = [
        s
        for s in Submission.objects.filter(data_set=monthly).exclude(status="draft")
        if (s.submitted_at.astimezone(NOW.tzinfo).date() - _period_end(s.period)).days > 10
    ]
    assert 0 < len(late) < 2163 / 2  # some late, most on time


def _period_end(code: str) -> dt.date:
    year, month = int(code[:4]), int(code[4:])
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def test_the_demo_targets_build_on_the_demo_figures_from_the_2024_baseline(loaded):
    # then
    yearly = Target.objects.exclude(year=2030).select_related("indicator")
    assert yearly.count() == 20
    online = {
        t.year: (t.value, t.baseline, t.baseline_year)
        for t in yearly.filter(indicator__code="ONLINE_SERVICE_USAGE")
    }
    assert online == {
        2025: (Decimal("50.3"), Decimal("34.4"), 2024),
        2026: (Decimal("58.3"), Decimal("34.4"), 2024),
    }
    # The budget share's numerator is a real 2025 fact only: no 2024 baseline, no yearly target.
    assert not yearly.filter(indicator__code="STI_BUDGET_SHARE").exists()
    national = Target.objects.filter(year=2030)
    assert set(national.values_list("baseline", flat=True)) == {None}


def test_loading_the_demo_twice_changes_nothing_and_says_so(loaded):
    # given
    before = _state()
    # when
    lines = list(demo.load(TODAY))
    # then
    assert lines == [
        "Monitoring catalogue: 0 created, 0 updated, 95 unchanged",
        "Province facts 2025: 0 imported, 13 unchanged",
        f"Demo history 202201–202610 (comment “{LABEL}”): 0 values created, 20863 unchanged",
        "Demo reports: 0 created (none), 2437 unchanged; 18 overdue, not reported",
        "Demo targets 2025–2026: 0 created, 0 updated, 20 unchanged",
    ]
    assert _state() == before


def test_a_report_someone_already_made_is_left_alone(lai_chau_tree):
    # given
    load_catalogue(actor=SYSTEM)
    value = RawValue(1, "DOSSIERS_RECEIVED", "202201", "03388", "", "450", "Số liệu thật")
    import_data_values(actor=SYSTEM, values=[value])
    # when
    lines = list(demo.load(TODAY))
    # then
    assert lines[3].endswith("1 unchanged; 18 overdue, not reported")
    ward = DataValue.objects.filter(org_unit__code="03388", period="202201")
    assert list(ward.values_list("data_element__code", "value", "comment")) == [
        ("DOSSIERS_RECEIVED", Decimal(450), "Số liệu thật")
    ]
    assert not Submission.objects.filter(org_unit__code="03388", period="202201").exists()


def test_a_later_run_adds_the_new_periods_and_keeps_what_is_there(loaded):
    # given
    before = {v["id"]: v for v in DataValue.objects.values()}
    # when
    lines = list(demo.load(dt.date(2026, 12, 5)))
    # then
    assert lines[2].startswith("Demo history 202201–202611")
    after = {v["id"]: v for v in DataValue.objects.values()}
    assert {pk: after[pk] for pk in before} == before
    assert Submission.objects.filter(period="202611").count() > 0
    assert DataImport.objects.filter(source="load_demo").count() == 2


def test_load_demo_signs_reports_with_the_demo_accounts(db):
    # given
    out = _Sink()
    # when
    call_command("load_demo", "--force", stdout=out)  # pytest runs with DEBUG off
    # then
    assert any(line.startswith("Demo history 202201–") for line in out.lines)
    ward = Submission.objects.filter(org_unit__code="03388", status="approved").first()
    assert (ward.submitted_by.username, ward.decided_by.username) == ("doanket", "canbo")
    assert demo.has_demo_data() is True


class _Sink:
    """A stdout for call_command that keeps the lines written."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> None:
        self.lines.extend(line for line in text.splitlines() if line)

    def flush(self) -> None:
        pass
