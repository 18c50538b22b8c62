"""The real site in headless Chromium: a unit reporter signs in, lands home, switches language."""

from tinhso.accounts.tests.factories import PASSWORD, UserFactory
from tinhso.core.roles import Role
from tinhso.core.tests.browser import ARTIFACTS, BROWSER_TEST

pytestmark = BROWSER_TEST


def test_a_reporter_signs_in_reaches_home_and_switches_to_english(page, site, own_unit):  # type: ignore[no-untyped-def]
    # given
    UserFactory(username="doanket", role=Role.UNIT_REPORTER, org_unit=own_unit)
    # when: an English-speaking browser still gets the Vietnamese sign-in page
    page.goto(f"{site.url}/")
    assert page.locator("h1").inner_text() == "Đăng nhập Tỉnh Số"
    page.fill("#id_username", "doanket")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=sign-in]")
    # then: the reporter's home page, in Vietnamese, names their unit
    page.wait_for_selector("[data-testid=home-title]")
    assert page.locator("[data-testid=home-title]").inner_text() == "Đơn vị của tôi"
    assert page.locator("[data-testid=my-unit]").inner_text() == "Phường Đoàn Kết"
    assert page.locator("html").get_attribute("lang") == "vi"
    # when: they switch to English
    page.click("[data-testid=lang-en]")
    page.wait_for_selector("html[lang=en]")
    # then
    assert page.locator("[data-testid=home-title]").inner_text() == "My unit"
    page.locator("nav").get_by_role("button", name="Administration").click()
    assert page.locator("nav").get_by_role("link", name="Org units").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reporter-home-en.png"), full_page=True)
    assert page.console_errors == []
