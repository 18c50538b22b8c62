"""The report list (statuses, deadlines, overdue marks, filters, scope) and the approval queue
(order, lateness, who may see it), each in a fixed number of queries."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.core.roles import Role
from tinhso.core.tests.test_offline_and_csp import INLINE_SCRIPT, STYLE_ATTRIBUTE
from tinhso.monitoring import reports
from tinhso.monitoring.models import Submission
from tinhso.monitoring.periods import parse_period
from tinhso.orgunits.choices import LOCAL_KINDS
from tinhso.orgunits.models import OrgUnit

TODAY = dt.date(2026, 2, 20)


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    """The pages' "today" in the province, fixed; dates of past moments still convert."""
    real = reports.local_date
    monkeypatch.setattr(
        reports, "local_date", lambda moment=None: real(moment) if moment else TODAY
    )
    return TODAY


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _report(catalogue, unit, period, status, submitted_at=None):  # type: ignore[no-untyped-def]
    data_set = catalogue.yearly if len(period) == 4 else catalogue.monthly
    return Submission.objects.create(
        data_set=data_set, org_unit=unit, period=period, status=status, submitted_at=submitted_at
    )


def _rows(listing):  # type: ignore[no-untyped-def]
    return [
        (r.data_set.code, r.org_unit.code, r.period.code, r.status, r.due.isoformat(), r.overdue)
        for r in listing.rows
    ]


def test_a_reporter_sees_the_recent_periods_of_their_units_reports(users, catalogue, own_unit):
    # given
    _report(catalogue, own_unit, "202601", "draft")
    _report(catalogue, own_unit, "202512", "submitted")
    _report(catalogue, own_unit, "202511", "returned")
    _report(catalogue, own_unit, "202510", "approved")
    # when
    listing = reports.report_list(user=users[Role.UNIT_REPORTER], today=TODAY)
    # then: 12 months and 3 years, newest first, of the reporter's ward only
    assert _rows(listing) == [
        ("YEARLY", "03388", "2026", "not_started", "2027-01-15", False),
        ("MONTHLY", "03388", "202602", "not_started", "2026-03-15", False),
        ("MONTHLY", "03388", "202601", "draft", "2026-02-15", True),
        ("MONTHLY", "03388", "202512", "submitted", "2026-01-15", False),
        ("YEARLY", "03388", "2025", "not_started", "2026-01-15", True),
        ("MONTHLY", "03388", "202511", "returned", "2025-12-15", True),
        ("MONTHLY", "03388", "202510", "approved", "2025-11-15", False),
        *[
            ("MONTHLY", "03388", code, "not_started", due, True)
            for code, due in [
                ("202509", "2025-10-15"),
                ("202508", "2025-09-15"),
                ("202507", "2025-08-15"),
                ("202506", "2025-07-15"),
                ("202505", "2025-06-15"),
                ("202504", "2025-05-15"),
                ("202503", "2025-04-15"),
            ]
        ],
        ("YEARLY", "03388", "2024", "not_started", "2025-01-15", True),
    ]
    assert [s.code for s in listing.data_sets] == ["MONTHLY", "YEARLY"]
    assert [u.code for u in listing.org_units] == ["03388"]


def test_the_deadline_is_the_days_after_the_period_and_overdue_starts_the_day_after(
    users, catalogue, own_unit
):
    catalogue.monthly.deadline_days = 5
    catalogue.monthly.save()
    reporter = users[Role.UNIT_REPORTER]
    on_the_day = reports.report_list(user=reporter, today=dt.date(2026, 2, 5), period=_p("202601"))
    day_after = reports.report_list(user=reporter, today=dt.date(2026, 2, 6), period=_p("202601"))
    assert [(r.due, r.overdue) for r in on_the_day.rows] == [(dt.date(2026, 2, 5), False)]
    assert [(r.due, r.overdue) for r in day_after.rows] == [(dt.date(2026, 2, 5), True)]


def _p(code):  # type: ignore[no-untyped-def]
    return parse_period(code)


def test_the_province_date_decides_today():
    # 23:30 UTC on 31 January is already 1 February in Lai Châu (UTC+7)
    moment = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)
    assert reports.local_date(moment) == dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("filters", "count", "first"),
    [
        ({}, 38 * 15, ("YEARLY", "03388", "2026")),
        ({"data_set": "YEARLY", "org_unit": "03390"}, 3, ("YEARLY", "03390", "2026")),
        ({"period": "202601"}, 38, ("MONTHLY", "03388", "202601")),
        ({"period": "2023"}, 38, ("YEARLY", "03388", "2023")),  # any period, not only recent
        ({"status": "submitted"}, 1, ("MONTHLY", "03390", "202512")),
        ({"status": "not_started", "org_unit": "03390", "data_set": "MONTHLY"}, 11, None),
        ({"status": "overdue", "org_unit": "03388", "period": "202601"}, 1, None),
        ({"org_unit": "NOPE"}, 0, None),
    ],
)
def test_the_center_sees_every_unit_and_filters(
    users, catalogue, other_unit, filters, count, first
):  # type: ignore[no-untyped-def]
    # given
    _report(catalogue, other_unit, "202512", "submitted")
    if "period" in filters:
        filters = {**filters, "period": parse_period(filters["period"])}
    # when
    listing = reports.report_list(user=users[Role.CENTER_STAFF], today=TODAY, **filters)
    # then
    assert len(listing.rows) == count
    if first:
        row = listing.rows[0]
        assert (row.data_set.code, row.org_unit.code, row.period.code) == first


def test_the_report_list_page_in_a_fixed_number_of_queries(
    users, catalogue, own_unit, other_unit, today, django_assert_num_queries
):
    # given: more reports do not mean more queries
    staff = _client(users[Role.CENTER_STAFF])
    with django_assert_num_queries(6):
        small = staff.get("/monitoring/reports/")
    for unit in OrgUnit.objects.filter(kind__in=LOCAL_KINDS):
        for period in ("202601", "202512", "202511", "2025"):
            _report(catalogue, unit, period, "submitted")
    # when
    with django_assert_num_queries(6):
        large = staff.get("/monitoring/reports/?status=submitted&page=2")
    # then
    assert small.context["page"].paginator.count == 38 * 15
    assert large.context["page"].paginator.count == 38 * 4
    assert len(large.context["page"].object_list) == 50


def test_a_reporters_page_lists_their_reports_with_links_to_the_forms(
    users, catalogue, own_unit, today, django_assert_num_queries
):
    client = _client(users[Role.UNIT_REPORTER])
    with django_assert_num_queries(6):
        response = client.get("/monitoring/reports/?data_set=MONTHLY&period=202601")
    html = response.content.decode()
    assert response.context["mine"] is True
    assert '<h1 class="h3 mb-3">My reports</h1>' in html
    assert 'href="/monitoring/reports/MONTHLY/03388/202601/"' in html
    assert html.count('data-testid="overdue"') == 1
    assert 'name="org_unit"' not in html  # one unit: nothing to choose


def test_an_htmx_refresh_gets_the_table_alone(users, catalogue, today):
    client = _client(users[Role.CENTER_STAFF])
    response = client.get("/monitoring/reports/?data_set=YEARLY", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report-table"')
    assert "<html" not in html
    assert html.count('data-testid="report-row"') == 50


def test_a_bad_period_filter_is_shown_and_not_applied(users, catalogue, own_unit, today):
    client = _client(users[Role.UNIT_REPORTER])
    response = client.get("/monitoring/reports/?period=2026Q5")
    assert list(response.context["filters"].errors) == ["period"]
    assert response.context["page"].paginator.count == 15


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMINISTRATOR, 200), (Role.CENTER_STAFF, 200), (Role.LEADER, 200),
        (Role.UNIT_REPORTER, 200), (Role.ENTERPRISE, 403), (None, 302),
    ],
)  # fmt: skip
def test_who_may_open_the_report_list(users, catalogue, role, status):  # type: ignore[no-untyped-def]
    client = _client(users[role]) if role else Client()
    assert client.get("/monitoring/reports/").status_code == status


# -- the approval queue --


def _at(day, hour=10):  # type: ignore[no-untyped-def]
    return dt.datetime(2026, *day, hour, tzinfo=PROVINCE_ZONE)


def test_the_queue_lists_submitted_reports_oldest_first_with_their_lateness(
    users, catalogue, own_unit, other_unit, today, django_assert_num_queries
):
    # given: due 15/1 and 15/2; the grace period is 30 days
    _report(catalogue, own_unit, "202601", "submitted", _at((2, 14)))  # on time
    _report(catalogue, other_unit, "202512", "submitted", _at((1, 20)))  # 5 days late
    _report(catalogue, other_unit, "202511", "submitted", _at((2, 1)))  # 48 days late
    _report(catalogue, own_unit, "202512", "approved", _at((1, 2)))  # decided: not listed
    client = _client(users[Role.CENTER_STAFF])
    # when
    with django_assert_num_queries(6):
        response = client.get("/monitoring/approvals/")
    # then
    rows = [
        (r.submission.org_unit.code, r.submission.period, r.days_late, r.very_late)
        for r in response.context["rows"]
    ]
    assert rows == [
        ("03390", "202512", 5, False),
        ("03390", "202511", 48, True),
        ("03388", "202601", 0, False),
    ]
    html = response.content.decode()
    assert html.count('data-testid="late"') == 2
    assert "5 days late" in html


def test_a_submission_just_before_midnight_in_the_province_is_on_time(users, catalogue, own_unit):
    # 23:59 on 15 February in Lai Châu is 16:59 UTC: still the deadline day
    moment = dt.datetime(2026, 2, 15, 16, 59, tzinfo=dt.UTC)
    row = reports.QueueRow(_report(catalogue, own_unit, "202601", "submitted", moment))
    assert (row.due, row.days_late) == (dt.date(2026, 2, 15), 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMINISTRATOR, 200), (Role.CENTER_STAFF, 200), (Role.LEADER, 403),
        (Role.UNIT_REPORTER, 403), (Role.ENTERPRISE, 403), (None, 302),
    ],
)  # fmt: skip
def test_only_the_center_sees_the_queue(users, catalogue, role, status):  # type: ignore[no-untyped-def]
    client = _client(users[role]) if role else Client()
    assert client.get("/monitoring/approvals/").status_code == status


@pytest.mark.parametrize("path", ["/monitoring/reports/", "/monitoring/approvals/"])
def test_the_lists_have_no_inline_code(users, catalogue, other_unit, path):
    _report(catalogue, other_unit, "202601", "submitted", timezone.now())
    html = _client(users[Role.ADMINISTRATOR]).get(path).content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
