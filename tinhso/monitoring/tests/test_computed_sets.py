"""Computed data sets: values written by another module through the feeds, never typed in.
The flag comes from the catalogue; reporters get no form for such a set and a typed or imported
value is refused; the feed still writes; the dashboard and the review never call it overdue."""

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.core.testing import state_of
from tinhso.monitoring import dashboard, reports
from tinhso.monitoring.catalogue import load_catalogue
from tinhso.monitoring.catalogue.spec import _data_set, read_catalogue
from tinhso.monitoring.choices import Aggregation, PeriodTypeChoice, SubmissionStatus, ValueType
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.feeds import FedValue, feed_counts
from tinhso.monitoring.models import DataElement, DataImport, DataSet, DataValue, Submission
from tinhso.monitoring.review.completeness import reporting_status
from tinhso.monitoring.services import import_data_values
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = date(2027, 3, 1)  # 2026's yearly reports were due on 14/2/2027
REFUSED = (
    "The values of “Số liệu truy xuất nguồn gốc” are filled in automatically by the platform; "
    "they cannot be entered or imported by hand."
)


@pytest.fixture
def computed(catalogue: Any) -> DataSet:
    """A yearly set of the communes, fed by the platform, beside the test catalogue's sets."""
    element = DataElement.objects.create(
        code="TRACED", name="Doanh nghiệp truy xuất nguồn gốc",
        value_type=ValueType.ZERO_OR_POSITIVE_INTEGER, aggregation=Aggregation.LAST,
    )  # fmt: skip
    data_set = DataSet.objects.create(
        code="TRACE", name="Số liệu truy xuất nguồn gốc", period_type=PeriodTypeChoice.YEARLY,
        deadline_days=45, computed=True,
    )  # fmt: skip
    data_set.elements.set([element])
    data_set.org_units.set(OrgUnit.objects.filter(kind__in=LOCAL_KINDS))
    return data_set


def _everything() -> Any:
    return state_of(
        DataValue.objects.all(), Submission.objects.all(), DataImport.objects.all(),
        AuditEntry.objects.all(),
    )  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _raw(unit: OrgUnit, value: str = "3") -> RawValue:
    return RawValue(
        row=1, data_element="TRACED", period="2026", org_unit=unit.code, option="", value=value,
        comment="",
    )  # fmt: skip


# -- the catalogue ------------------------------------------------------------------------------


def test_the_catalogue_marks_the_traceability_set_computed() -> None:
    # when
    sets = {entry.code: entry for entry in read_catalogue().data_sets}
    # then: only the fed set says so; the others are reported by people
    assert sets["TRACEABILITY_YEARLY"].fields["computed"] is True
    assert [code for code, e in sets.items() if e.fields.get("computed")] == ["TRACEABILITY_YEARLY"]


def test_the_catalogue_refuses_a_computed_that_is_not_true_or_false() -> None:
    item = {"code": "X", "name": "X", "reporters": "province", "computed": "yes"}
    with pytest.raises(ValidationError) as caught:
        _data_set(item)
    assert caught.value.messages == ["Catalogue, data set X: computed must be true or false."]


def test_loading_sets_the_flag_and_a_reload_brings_an_older_set_up_to_date(
    lai_chau: OrgUnit,
) -> None:
    # given: the catalogue loaded, then the set's flag lost (as in a database loaded before it)
    load_catalogue(actor=SYSTEM)
    assert DataSet.objects.get(code="TRACEABILITY_YEARLY").computed is True
    assert DataSet.objects.filter(computed=True).count() == 1
    DataSet.objects.filter(code="TRACEABILITY_YEARLY").update(computed=False)
    audited = AuditEntry.objects.count()
    # when
    summary = load_catalogue(actor=SYSTEM)
    # then: set again, counted and audited as one update; a third load changes nothing
    assert DataSet.objects.get(code="TRACEABILITY_YEARLY").computed is True
    assert summary.updated == 1
    assert AuditEntry.objects.count() == audited + 1
    assert load_catalogue(actor=SYSTEM).updated == 0


# -- data entry ---------------------------------------------------------------------------------


def test_a_reporter_is_not_offered_the_set_the_center_sees_it_filled_automatically(
    users: Any, computed: DataSet
) -> None:
    # when
    mine = reports.report_list(user=users[Role.UNIT_REPORTER], today=AFTER_DEADLINE)
    center = reports.report_list(
        user=users[Role.CENTER_STAFF], today=AFTER_DEADLINE, data_set="TRACE"
    )
    # then
    assert "TRACE" not in {row.data_set.code for row in mine.rows}
    assert {row.data_set.code for row in mine.rows} == {"MONTHLY", "YEARLY"}
    assert {(row.status, row.overdue) for row in center.rows} == {("automatic", False)}
    assert len(center.rows) == 38 * 3  # every commune, the three recent years
    overdue = reports.report_list(
        user=users[Role.CENTER_STAFF], today=AFTER_DEADLINE, status="overdue"
    )
    assert "TRACE" not in {row.data_set.code for row in overdue.rows}


def test_the_form_is_read_only_and_a_typed_value_is_refused_with_nothing_changed(
    users: Any, computed: DataSet, own_unit: OrgUnit
) -> None:
    # given
    client = _client(users[Role.UNIT_REPORTER])
    url = f"/monitoring/reports/TRACE/{own_unit.code}/2026/"
    page = client.get(url).content.decode()
    assert 'data-testid="report-form"' not in page
    assert "These figures are counted and written automatically by the platform" in page
    element = DataElement.objects.get(code="TRACED")
    before = _everything()
    # when: a hand-made post, as if the form were there
    response = client.post(url, {f"value-{element.pk}-1": "5", "action": "save"})
    # then
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert _everything() == before


def test_the_save_service_refuses_a_computed_set(
    users: Any, computed: DataSet, own_unit: OrgUnit
) -> None:
    before = _everything()
    with pytest.raises(ValidationError) as caught:
        reports.save_report_values(
            actor=users[Role.CENTER_STAFF], data_set=computed, org_unit=own_unit, period="2026",
            entries=[],
        )  # fmt: skip
    assert caught.value.messages == [REFUSED]
    assert _everything() == before


@pytest.mark.parametrize("role", [Role.UNIT_REPORTER, Role.CENTER_STAFF, Role.ADMINISTRATOR])
def test_an_import_by_a_person_is_refused_with_nothing_changed(
    users: Any, computed: DataSet, own_unit: OrgUnit, role: Role
) -> None:
    before = _everything()
    # when
    summary = import_data_values(actor=users[role], values=[_raw(own_unit)], source="file")
    # then
    assert [(c.row, c.field, c.message) for c in summary.conflicts] == [(1, "dataElement", REFUSED)]
    assert _everything() == before


def test_the_api_refuses_a_computed_sets_values(
    users: Any, computed: DataSet, own_unit: OrgUnit, api_client: Any
) -> None:
    api_client.force_authenticate(users[Role.CENTER_STAFF])
    before = _everything()
    body = {"dataValues": [{"dataElement": "TRACED", "period": "2026", "orgUnit": own_unit.code,
                           "value": "3"}]}  # fmt: skip
    response = api_client.post(
        "/api/v1/dataValueSets", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert REFUSED in str(response.json())
    assert _everything() == before


def test_the_feed_still_writes(computed: DataSet, own_unit: OrgUnit) -> None:
    # when
    result = feed_counts(
        actor=SYSTEM, period="2026", values=[FedValue("TRACED", own_unit, 4)], source="registry"
    )
    # then
    assert len(result.written) == 1
    value = DataValue.objects.get()
    assert (value.data_element.code, value.org_unit, value.period, value.value) == (
        "TRACED", own_unit, "2026", 4,
    )  # fmt: skip
    assert DataImport.objects.get().file_format == "register"


def test_the_center_freezes_a_computed_report_and_nobody_submits_one(
    users: Any, computed: DataSet, own_unit: OrgUnit
) -> None:
    # given
    center = _client(users[Role.CENTER_STAFF])
    url = f"/monitoring/reports/TRACE/{own_unit.code}/2026/"
    page = center.get(url).content.decode()
    assert 'value="approve"' in page
    assert 'value="return"' not in page
    # when
    center.post(url, {"action": "approve"})
    # then: approved straight from its automatic state, so the feed leaves it alone
    submission = Submission.objects.get()
    assert (submission.status, submission.submitted_at) == (SubmissionStatus.APPROVED, None)
    result = feed_counts(
        actor=SYSTEM, period="2026", values=[FedValue("TRACED", own_unit, 4)], source="registry"
    )
    assert (len(result.written), len(result.locked)) == (0, 1)
    board = dashboard.build(unit=own_unit.parent, year=2026, today=AFTER_DEADLINE,
                            data_set_code="TRACE")  # fmt: skip
    assert {u.code: c[0].status for u, c in board.grid}[own_unit.code] == "frozen"
    # and a submit (the API's action) is refused, nothing changed
    reports.unlock_report(actor=users[Role.CENTER_STAFF], submission=submission, reason="again")
    before = _everything()
    with pytest.raises(ValidationError) as caught:
        reports.submit_report(actor=users[Role.CENTER_STAFF], submission=submission)
    assert caught.value.messages == [
        "“Số liệu truy xuất nguồn gốc” is filled in automatically; nobody hands it in."
    ]
    assert _everything() == before


# -- the dashboard and the review ---------------------------------------------------------------


def test_the_dashboard_shows_no_overdue_for_it_after_its_deadline(
    computed: DataSet, lai_chau: OrgUnit
) -> None:
    # when
    board = dashboard.build(unit=lai_chau, year=2026, today=AFTER_DEADLINE, data_set_code="TRACE")
    # then: every cell automatic, no completeness rows, not in the overdue list
    assert [p.code for p in board.grid_periods] == ["2026", "2027"]
    assert {c.status for _u, cells in board.grid for c in cells} == {"automatic"}
    assert {c.label for _u, cells in board.grid for c in cells} == {"Filled automatically"}
    assert len(board.panels["completeness"].rows) == 38  # one per commune, no rate rows
    assert "Số liệu truy xuất nguồn gốc" not in {row[1] for row in board.panels["overdue"].rows}
    # the test catalogue's own yearly set is overdue for every commune, as before
    assert board.overdue_count == len(board.panels["overdue"].rows)
    assert {row[1] for row in board.panels["overdue"].rows} >= {"Báo cáo năm"}


def test_the_grid_opens_on_a_reported_set(computed: DataSet, lai_chau: OrgUnit) -> None:
    board = dashboard.build(unit=lai_chau, year=2026, today=AFTER_DEADLINE)
    assert board.data_set is not None and board.data_set.code == "MONTHLY"


def test_the_review_leaves_it_out(computed: DataSet, lai_chau: OrgUnit) -> None:
    reporting = reporting_status(
        unit=lai_chau, first_day=date(2026, 1, 1), last_day=date(2026, 12, 31),
        today=AFTER_DEADLINE,
    )  # fmt: skip
    assert [d.code for d, _tally in reporting.tallies] == ["MONTHLY", "YEARLY"]
    assert "TRACE" not in {report.data_set.code for report in reporting.overdue}


# -- the data set's page and API ----------------------------------------------------------------


def test_the_page_and_the_api_show_the_flag_which_the_api_cannot_set(
    users: Any, computed: DataSet, api_client: Any
) -> None:
    page = _client(users[Role.CENTER_STAFF]).get(
        reverse("monitoring:dataset_detail", args=["TRACE"])
    )
    assert 'data-computed="true"' in page.content.decode()
    api_client.force_authenticate(users[Role.ADMINISTRATOR])
    shown = api_client.get("/api/v1/dataSets/TRACE", HTTP_ACCEPT_LANGUAGE="en")
    assert shown.status_code == 200
    assert shown.json()["computed"] is True
    changed = api_client.patch(
        "/api/v1/dataSets/YEARLY", {"computed": True}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["computed"] is False
    assert DataSet.objects.get(code="YEARLY").computed is False


def test_the_excel_template_is_not_offered_for_it_but_the_export_is(
    users: Any, computed: DataSet
) -> None:
    # given
    client = _client(users[Role.CENTER_STAFF])
    # when
    template = client.get(reverse("monitoring:template")).context["form"]
    export = client.get(reverse("monitoring:export")).context["form"]
    # then: nobody fills it in, but its figures may be downloaded like any other
    assert computed not in template.fields["data_set"].queryset
    assert template.fields["data_set"].queryset.exists()
    assert computed in export.fields["data_set"].queryset
