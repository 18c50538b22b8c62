"""Vietnamese first, English on request; Vietnamese number and date formats."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tinhso.core.roles import Role


def test_pages_are_vietnamese_even_for_an_english_browser(client, users):
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.text
    assert "Không gian làm việc của Trung tâm" in response.text


def test_the_language_switch_turns_pages_english_and_back(client, users):
    client.force_login(users[Role.CENTER_STAFF])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Center workspace" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Không gian làm việc của Trung tâm" in client.get("/").text


def test_the_sign_in_page_is_vietnamese(client):
    response = client.get("/accounts/login/")
    assert "Đăng nhập" in response.text


def test_numbers_and_dates_use_vietnamese_formats():
    template = Template(
        '{{ n|floatformat:"1g" }} {{ d|date:"SHORT_DATE_FORMAT" }} {{ d|date:"DATE_FORMAT" }}'
    )
    context = Context({"n": Decimal("1234567.5"), "d": dt.date(2026, 11, 24)})
    with translation.override("vi"):
        assert template.render(context) == "1.234.567,5 24/11/2026 24/11/2026"
    with translation.override("en"):
        assert template.render(context) == "1,234,567.5 2026-11-24 2026-11-24"


def test_machine_interfaces_follow_accept_language(client):
    # /api/ and the EPCIS interface answer in the language the client asks for, else Vietnamese
    for path in ("/api/v1/orgunits/", "/epcis/eventTypes"):
        english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        default = client.get(path)
        assert (english.status_code, default.status_code) == (401, 401)
        assert english["Content-Language"] == "en"
        assert default["Content-Language"] == "vi"
