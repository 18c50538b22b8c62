"""In headless Chromium: a commune reporter fills in and submits the monthly report; the province
leader's dashboard shows the new figure at once."""

from typing import Any

from django.utils import timezone

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.roles import Role
from tinhso.core.tests.browser import ARTIFACTS, BROWSER_TEST, sign_in
from tinhso.monitoring.models import CategoryOption, Indicator, Submission, Target
from tinhso.monitoring.periods import PeriodType, period_for_date
from tinhso.orgunits.models import OrgUnit

pytestmark = BROWSER_TEST


def sign_out(page: Any) -> None:
    page.click("[data-testid=user-menu]")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def test_reporter_submits_and_the_leader_sees_the_value(
    page: Any, site: Any, catalogue: Any, lai_chau: OrgUnit, own_unit: OrgUnit
) -> None:
    # given: the province follows the startups it supports, with a target for this year
    year = timezone.localdate().year
    indicator = Indicator.objects.create(
        code="STARTUPS_SUPPORTED", name="Khởi nghiệp được hỗ trợ", numerator="#{STARTUPS}",
        decimals=0, unit="doanh nghiệp",
    )  # fmt: skip
    Target.objects.create(indicator=indicator, org_unit=lai_chau, year=year, value=50)
    UserFactory(username="doanket", role=Role.UNIT_REPORTER, org_unit=own_unit)
    UserFactory(username="lanhdao", role=Role.LEADER, org_unit=lai_chau)
    month = period_for_date(timezone.localdate(), PeriodType.MONTHLY)
    default = CategoryOption.objects.get(code="default")
    startups_cell = f"#cell-{catalogue.startups.pk}-{default.pk}"

    # when: the reporter opens this month's form, types 12 and submits
    sign_in(page, site, "doanket")
    page.goto(f"{site.url}/monitoring/reports/MONTHLY/03388/{month.code}/")
    page.fill(startups_cell, "12")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state("networkidle")

    # then: the report is submitted, and its value is shown read-only
    assert page.locator("[data-testid=report-status]").get_attribute("data-status") == "submitted"
    assert page.locator(startups_cell).inner_text() == "12"
    submission = Submission.objects.get(org_unit=own_unit, period=month.code)
    assert submission.status == "submitted"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reporter-submitted.png"), full_page=True)
    sign_out(page)

    # when: the leader signs in
    sign_in(page, site, "lanhdao")

    # then: their home is the dashboard, and the indicator card shows 12 of 50
    page.wait_for_selector("[data-testid=dashboard-title]")
    card = page.locator("[data-testid=kpi-STARTUPS_SUPPORTED]")
    assert card.locator("[data-testid=kpi-value]").inner_text() == "12"
    assert "50" in card.inner_text()
    page.wait_for_selector("[data-chart=trend] canvas")
    page.screenshot(path=str(ARTIFACTS / "leader-dashboard.png"), full_page=True)
    assert page.console_errors == []
