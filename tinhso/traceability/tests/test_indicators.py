"""The traceability registry as monitoring indicators: counted per commune by the end of each
year, written through monitoring's feed (idempotent, never over an approved report, a dry run
writes nothing), the command, the daily task, and the demo's figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from tinhso.accounts import demo as accounts_demo
from tinhso.audit.models import AuditEntry
from tinhso.core.dates import PROVINCE_ZONE, local_date
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.catalogue.spec import Facts
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.dhis2.analytics import answer, parse_query
from tinhso.monitoring.models import DataImport, DataSet, DataValue, Submission
from tinhso.orgunits import demo as orgunits_demo
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability import demo, indicators, tasks
from tinhso.traceability.indicators import CommuneCounts, count_by_commune
from tinhso.traceability.models import Batch, Enterprise, Product
from tinhso.traceability.selectors import enterprises_using_traceability, products_with_qr_code
from tinhso.traceability.tests.conftest import gtin13

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
D = dt.date
COMMAND = "tinhso.traceability.management.commands.sync_traceability_indicators"
E, Q = "TRACEABILITY_ENTERPRISES", "TRACEABILITY_PRODUCTS_QR"


def _note(element: str, day: str) -> str:
    """The comment stored with a value: in the site's language, whoever runs the sync."""
    with translation.override(settings.LANGUAGE_CODE):
        if element == E:
            text = gettext(
                "Computed from the traceability registry: enterprises with a product that has "
                "a batch recorded by %(date)s."
            )
        else:
            text = gettext(
                "Computed from the traceability registry: products with a GTIN and a batch "
                "recorded by %(date)s."
            )
    return text % {"date": day}


E, Q = "TRACEABILITY_ENTERPRISES", "TRACEABILITY_PRODUCTS_QR"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the province."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PROVINCE_ZONE)


@pytest.fixture
def province(lai_chau: OrgUnit, monkeypatch: pytest.MonkeyPatch) -> OrgUnit:
    """Lai Châu with the Res-57 catalogue (without the 2025 facts), today 24/11/2026."""
    monkeypatch.setattr("tinhso.traceability.indicators.local_date", lambda: TODAY)
    monkeypatch.setattr(f"{COMMAND}.local_date", lambda: TODAY)
    load_catalogue(actor=SYSTEM, facts=Facts(province="00", period="2025", source="", facts=()))
    return lai_chau


class _Registry:
    """Writes enterprises, products and batches with the moment each batch was recorded."""

    def __init__(self) -> None:
        self.n = 0

    def enterprise(self, name: str, commune: str | None) -> Enterprise:
        self.n += 1
        unit = OrgUnit.objects.get(code=commune) if commune else None
        return Enterprise.objects.create(name=name, tax_code=f"62000000{self.n:02}", org_unit=unit)

    def product(self, enterprise: Enterprise, name: str, *, gtin: bool = True) -> Product:
        self.n += 1
        code = gtin13(f"8936001{self.n:05}").zfill(14) if gtin else ""
        return Product.objects.create(enterprise=enterprise, name=name, category="tea", gtin=code)

    def batch(self, product: Product, recorded: dt.datetime) -> Batch:
        self.n += 1
        batch = Batch.objects.create(
            product=product, lot=f"L-{self.n}", production_date=D(2025, 1, 1),
            quantity=Decimal(1), quantity_unit="kg",
        )  # fmt: skip
        Batch.objects.filter(pk=batch.pk).update(created_at=recorded)
        return batch


@pytest.fixture
def registry(province: OrgUnit) -> _Registry:
    """In Phường Đoàn Kết (03388): A, since May 2025, with a product with a GTIN and a batch, one
    with a batch but no GTIN, and one with a GTIN and no batch; B, since March 2026, one product
    with a GTIN and a batch. In Xã Bình Lư (03390): C, a product whose batch was recorded on
    31/12/2025 at 23:30 and another's on 01/01/2026 at 00:30. In Xã Bản Bo (03394): D, a
    product with a GTIN and no batch. With no commune: E, a product without a GTIN, a batch."""
    make = _Registry()
    a = make.enterprise("HTX A", "03388")
    make.batch(make.product(a, "Chè"), _at(D(2025, 5, 1), 9))
    make.batch(make.product(a, "Thảo quả", gtin=False), _at(D(2025, 5, 2), 9))
    make.product(a, "Gạo")
    b = make.enterprise("HTX B", "03388")
    make.batch(make.product(b, "Mật ong"), _at(D(2026, 3, 1), 9))
    c = make.enterprise("HTX C", "03390")
    make.batch(make.product(c, "Chè xanh"), _at(D(2025, 12, 31), 23, 30))
    make.batch(make.product(c, "Chè đen"), _at(D(2026, 1, 1), 0, 30))
    make.product(make.enterprise("HTX D", "03394"), "Măng")
    make.batch(
        make.product(make.enterprise("Công ty E", None), "Nấm", gtin=False), _at(D(2025, 6, 1), 9)
    )
    return make


def _units(counts: indicators.TraceabilityCounts) -> dict[str, CommuneCounts]:
    return {unit.code: value for unit, value in counts.by_commune.items()}


def _values(period: str) -> dict[tuple[str, str], tuple[Decimal, str, int]]:
    rows = DataValue.objects.filter(period=period, data_element__code__startswith="TRACEABILITY")
    return {
        (v.org_unit.code, v.data_element.code): (v.value, v.comment, v.version)
        for v in rows.select_related("org_unit", "data_element")
    }


def _state() -> tuple[object, ...]:
    return (
        list(DataValue.objects.values().order_by("pk")),
        DataImport.objects.count(),
        AuditEntry.objects.count(),
    )


# Counting ----------------------------------------------------------------------------------


def test_each_commune_counts_by_the_end_of_each_year(registry, province):
    # when
    year_2024 = count_by_commune(province=province, year=2024, today=TODAY)
    year_2025 = count_by_commune(province=province, year=2025, today=TODAY)
    year_2026 = count_by_commune(province=province, year=2026, today=TODAY)
    new_year = count_by_commune(province=province, year=2026, today=D(2026, 1, 5))
    # then: a batch recorded at 23:30 on 31/12 (16:30 UTC) counts in its year, at 00:30 on 1/1
    # in the next
    assert (year_2024.as_of, _units(year_2024), year_2024.without_commune) == (
        D(2024, 12, 31), {}, 0,
    )  # fmt: skip
    assert (year_2025.as_of, _units(year_2025), year_2025.without_commune) == (
        D(2025, 12, 31), {"03388": CommuneCounts(1, 1), "03390": CommuneCounts(1, 1)}, 1,
    )  # fmt: skip
    assert (year_2026.as_of, _units(year_2026), year_2026.without_commune) == (
        TODAY, {"03388": CommuneCounts(2, 2), "03390": CommuneCounts(1, 2)}, 1,
    )  # fmt: skip
    assert year_2026.total == CommuneCounts(3, 4)
    assert _units(new_year) == {"03388": CommuneCounts(1, 1), "03390": CommuneCounts(1, 2)}


def test_the_counts_follow_the_overviews_definitions(registry, province):
    # when
    counts = count_by_commune(province=province, year=2026, today=TODAY)
    # then: the same enterprises and products as the overview's two counts
    assert counts.total.enterprises + counts.without_commune == (
        enterprises_using_traceability().count()
    )
    assert counts.total.products_qr == products_with_qr_code().count() == 4


def test_a_year_not_begun_is_refused(province):
    with pytest.raises(ValidationError) as error:
        count_by_commune(province=province, year=2027, today=TODAY)
    assert error.value.message_dict == {"year": ["The year 2027 has not begun."]}


# Writing -----------------------------------------------------------------------------------


def test_the_counts_are_written_per_commune_and_add_up_to_the_province(registry, province, users):
    # when
    first = indicators.sync_traceability_indicators(actor=SYSTEM, year=2025, province=province)
    second = indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    # then
    assert _values("2025") == {
        ("03388", E): (Decimal(1), _note(E, "31/12/2025"), 1),
        ("03388", Q): (Decimal(1), _note(Q, "31/12/2025"), 1),
        ("03390", E): (Decimal(1), _note(E, "31/12/2025"), 1),
        ("03390", Q): (Decimal(1), _note(Q, "31/12/2025"), 1),
    }
    assert {key: value for key, (value, _c, _v) in _values("2026").items()} == {
        ("03388", E): 2, ("03388", Q): 2, ("03390", E): 1, ("03390", Q): 2,
    }  # fmt: skip
    assert first.lines() == [
        "Traceability 12 2025 (to 31/12/2025): 2 enterprises using traceability, 2 products "
        "with a QR code, in 2 communes/wards; written: 4 values, unchanged: 0",
        "  not counted: 1 enterprises using traceability with no commune recorded",
    ]
    assert len(second.result.written) == 4
    # one audited import per year, by the system
    logs = DataImport.objects.filter(source="traceability_registry").order_by("pk")
    assert [(log.imported, log.updated, log.actor_name) for log in logs] == [
        (4, 0, "system"), (4, 0, "system"),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(content_type__model="dataimport").count() == 2
    # analytics adds the communes' "last" values up to the province
    query = parse_query([f"dx:{E};{Q}", "pe:2025;2026"], ["ou:12"])
    body = answer(query, user=users[Role.LEADER], today=TODAY)
    assert sorted(body["rows"]) == [
        [E, "2025", "2"], [E, "2026", "3"], [Q, "2025", "2"], [Q, "2026", "4"],
    ]  # fmt: skip


def test_a_second_run_writes_and_audits_nothing(registry, province):
    # given
    indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    before = _state()
    # when
    summary = indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    # then
    assert _state() == before
    assert (len(summary.result.written), len(summary.result.unchanged)) == (0, 4)
    assert summary.lines()[0].endswith("written: 0 values, unchanged: 4")


def test_a_commune_with_nothing_left_to_count_is_set_back_to_zero(registry, province):
    # given
    indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    # when: C moves from Bình Lư to Bản Bo
    Enterprise.objects.filter(name="HTX C").update(org_unit=OrgUnit.objects.get(code="03394"))
    indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    # then
    values = {key: (value, version) for key, (value, _c, version) in _values("2026").items()}
    assert values == {
        ("03388", E): (2, 1), ("03388", Q): (2, 1),
        ("03390", E): (0, 2), ("03390", Q): (0, 2),
        ("03394", E): (1, 1), ("03394", Q): (2, 1),
    }  # fmt: skip


def test_an_approved_commune_report_keeps_its_values(registry, province):
    # given: Đoàn Kết's 2026 figures are approved
    indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    Submission.objects.create(
        data_set=DataSet.objects.get(code="TRACEABILITY_YEARLY"),
        org_unit=OrgUnit.objects.get(code="03388"), period="2026",
        status=SubmissionStatus.APPROVED,
    )  # fmt: skip
    before = _values("2026")
    # when: a third enterprise of Đoàn Kết records a batch, and one more in Bình Lư
    make = registry
    make.batch(make.product(make.enterprise("HTX F", "03388"), "Chè"), _at(D(2026, 11, 1), 9))
    make.batch(make.product(Enterprise.objects.get(name="HTX C"), "Chè vàng"), _at(TODAY, 8))
    summary = indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=province)
    # then: Đoàn Kết keeps its approved values; Bình Lư's products go up
    after = _values("2026")
    assert {k: v for k, v in after.items() if k[0] == "03388"} == {
        k: v for k, v in before.items() if k[0] == "03388"
    }
    assert after["03390", Q][0] == Decimal(3)
    assert summary.lines()[1] == (
        "  kept, in an approved report (unlock it and run again): "
        "03388 TRACEABILITY_ENTERPRISES, 03388 TRACEABILITY_PRODUCTS_QR"
    )


def test_a_dry_run_writes_nothing(registry, province):
    # given
    before = _state()
    # when
    summary = indicators.sync_traceability_indicators(
        actor=SYSTEM, year=2026, province=province, dry_run=True
    )
    # then
    assert _state() == before
    assert summary.lines()[0].endswith("would write: 4 values, unchanged: 0")


def test_without_the_catalogue_nothing_is_written(lai_chau, monkeypatch):
    # given: the registry on its own
    monkeypatch.setattr("tinhso.traceability.indicators.local_date", lambda: TODAY)
    make = _Registry()
    make.batch(make.product(make.enterprise("HTX A", "03388"), "Chè"), _at(D(2026, 5, 1), 9))
    # when
    summary = indicators.sync_traceability_indicators(actor=SYSTEM, year=2026, province=lai_chau)
    # then
    assert summary.lines()[1] == (
        "  not reported by the unit (load the catalogue): "
        "03388 TRACEABILITY_ENTERPRISES, 03388 TRACEABILITY_PRODUCTS_QR"
    )
    assert not DataValue.objects.exists()
    assert not DataImport.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.ENTERPRISE])
def test_only_who_may_import_values_may_sync(registry, province, users, role):
    # given
    before = _state()
    # when, then
    with pytest.raises(PermissionDenied):
        indicators.sync_traceability_indicators(actor=users[role], year=2026, province=province)
    assert _state() == before


def test_a_reporter_may_not_write_other_communes_figures(registry, province, users):
    # given: the reporter of Đoàn Kết may import its own values, not Bình Lư's
    before = _state()
    # when, then: all or nothing
    with pytest.raises(ValidationError) as error:
        indicators.sync_traceability_indicators(
            actor=users[Role.UNIT_REPORTER], year=2026, province=province
        )
    assert error.value.messages == [
        "TRACEABILITY_ENTERPRISES: You cannot report for Xã Bình Lư.",
        "TRACEABILITY_PRODUCTS_QR: You cannot report for Xã Bình Lư.",
    ]
    assert _state() == before


def test_center_staff_may_sync(registry, province, users):
    # when
    staff = users[Role.CENTER_STAFF]
    indicators.sync_traceability_indicators(actor=staff, year=2026, province=province)
    # then
    assert set(DataValue.objects.values_list("stored_by", flat=True)) == {staff.pk}


# The command -------------------------------------------------------------------------------


def test_the_command_counts_every_year_or_the_one_asked(registry, province):
    # when
    out = io.StringIO()
    call_command("sync_traceability_indicators", "--year", "2025", stdout=out)
    # then
    assert out.getvalue() == (
        "Traceability 12 2025 (to 31/12/2025): 2 enterprises using traceability, 2 products "
        "with a QR code, in 2 communes/wards; written: 4 values, unchanged: 0\n"
        "  not counted: 1 enterprises using traceability with no commune recorded\n"
    )
    assert _values("2026") == {}
    # when: every year from the first batch recorded (2025)
    out = io.StringIO()
    call_command("sync_traceability_indicators", stdout=out)
    # then
    assert out.getvalue() == (
        "Traceability 12 2025 (to 31/12/2025): 2 enterprises using traceability, 2 products "
        "with a QR code, in 2 communes/wards; written: 0 values, unchanged: 4\n"
        "  not counted: 1 enterprises using traceability with no commune recorded\n"
        "Traceability 12 2026 (to 24/11/2026): 3 enterprises using traceability, 4 products "
        "with a QR code, in 2 communes/wards; written: 4 values, unchanged: 0\n"
        "  not counted: 1 enterprises using traceability with no commune recorded\n"
    )


def test_the_command_dry_run_writes_nothing(registry, province):
    # given
    before = _state()
    out = io.StringIO()
    # when
    call_command("sync_traceability_indicators", "--year", "2026", "--dry-run", stdout=out)
    # then
    assert out.getvalue().splitlines()[0].endswith("would write: 4 values, unchanged: 0")
    assert _state() == before


def test_the_command_refuses_a_year_not_begun(province):
    with pytest.raises(CommandError, match=r"^The year 2099 has not begun\.$"):
        call_command("sync_traceability_indicators", "--year", "2099", stdout=io.StringIO())


def test_the_command_with_no_enterprise_says_so(province):
    out = io.StringIO()
    call_command("sync_traceability_indicators", stdout=out)
    assert out.getvalue() == "No enterprise is registered in a commune: nothing to count.\n"


# The daily task ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-24T00:30:00+07:00", "2026-11-24T01:00:00+07:00"),
        ("2026-11-24T01:00:00+07:00", "2026-11-25T01:00:00+07:00"),
        ("2026-12-31T20:00:00+00:00", "2027-01-02T01:00:00+07:00"),  # 03:00 on 1/1 there
    ],
)
def test_the_next_run_is_the_next_one_oclock_in_the_province(now: str, expected: str) -> None:
    at = tasks.next_run_at(dt.datetime.fromisoformat(now))
    assert at == dt.datetime.fromisoformat(expected)


def test_the_task_counts_this_year_and_the_last(registry, province):
    # when: the test settings run tasks at once, where nothing can be scheduled for later
    result = tasks.sync_traceability_indicators_task.enqueue()
    # then
    assert result.return_value == {
        "lines": [
            "Traceability 12 2025 (to 31/12/2025): 2 enterprises using traceability, 2 "
            "products with a QR code, in 2 communes/wards; written: 4 values, unchanged: 0",
            "  not counted: 1 enterprises using traceability with no commune recorded",
            "Traceability 12 2026 (to 24/11/2026): 3 enterprises using traceability, 4 "
            "products with a QR code, in 2 communes/wards; written: 4 values, unchanged: 0",
            "  not counted: 1 enterprises using traceability with no commune recorded",
        ],
        "written": 8,
    }
    assert tasks.schedule_traceability_indicators() is None


@pytest.fixture
def database_queue(settings: Any) -> None:
    """The real backend of `make run`: a task enqueued is a row for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued() -> list[tuple[str, dt.datetime | None]]:
    rows = DBTaskResult.objects.filter(
        task_path="tinhso.traceability.tasks.sync_traceability_indicators_task"
    )
    return [(row.status, row.task_result.task.run_after) for row in rows.order_by("enqueued_at")]


def test_the_running_job_schedules_the_next_night_once(registry, province, database_queue):
    # given: started by scripts/serve twice, then run by the worker
    out = io.StringIO()
    call_command("schedule_traceability_indicators", stdout=out)
    call_command("schedule_traceability_indicators", stdout=out)
    DBTaskResult.objects.update(status="RUNNING")
    # when
    outcome = tasks.sync_traceability_indicators_task.call()
    # then
    assert out.getvalue().splitlines() == [
        "Traceability indicators: queued to run as soon as the worker is free.",
        "Traceability indicators: already queued to run as soon as the worker is free.",
    ]
    assert outcome["written"] == 8
    [(running, _now), (waiting, at)] = _queued()
    assert (running, waiting) == ("RUNNING", "READY")
    assert at is not None and at.astimezone(PROVINCE_ZONE).time() == dt.time(1)


def test_a_failing_run_still_schedules_the_next(db, database_queue, monkeypatch):
    def boom(**kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "sync_recent", boom)
    with pytest.raises(RuntimeError):
        tasks.sync_traceability_indicators_task.call()
    assert [status for status, _at in _queued()] == ["READY"]


# The demo ----------------------------------------------------------------------------------


def test_the_demo_feeds_its_figures_to_monitoring(lai_chau):
    # given: the org tree, the accounts and the monitoring catalogue, as load_demo has them
    orgunits_demo.load()
    accounts_demo.load()
    load_catalogue(actor=SYSTEM, facts=Facts(province="00", period="2025", source="", facts=()))
    year, today = local_date().year, local_date()
    # when
    lines = demo.load()
    again = demo.load()
    # then: the tea cooperative (2 products), the cardamom one (1) and the rice and honey
    # company (2); the medicinal-herb cooperative has no batch yet
    assert lines[-1] == (
        f"Traceability 12 {year} (to {today:%d/%m/%Y}): 3 enterprises using traceability, "
        "5 products with a QR code, in 3 communes/wards; written: 6 values, unchanged: 0"
    )
    assert again[-1].endswith("written: 0 values, unchanged: 6")
    values = {key: value for key, (value, _c, _v) in _values(str(year)).items()}
    assert values == {
        ("03478", E): 1, ("03478", Q): 2,  # Sìn Hồ: Shan tuyết tea
        ("03562", E): 1, ("03562", Q): 1,  # Sì Lở Lầu: cardamom
        ("03618", E): 1, ("03618", Q): 2,  # Mường Than: rice and honey
    }  # fmt: skip
    log = DataImport.objects.get(source="traceability_registry")
    assert (log.imported, log.actor.username) == (6, "canbo")
