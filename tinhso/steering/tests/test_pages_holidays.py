"""The holiday calendar pages: who may open and post each one, the days off of a chosen year,
and adding, editing and deleting (after a confirmation) through the audited services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.dates import local_date
from tinhso.core.roles import Role
from tinhso.core.testing import Case, expand, sign_in, state_of
from tinhso.steering.models import Holiday
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.pages import check_answer

pytestmark = pytest.mark.django_db

READ = (200, 200, 200, 200, 403, 302)
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
CENTER_POSTS = (302, 302, 403, 403, 403, 302)

PAGES = {
    ("holiday_list", "-"): READ,
    ("holiday_create", "-"): CENTER_OPENS,
    ("holiday_create.post", "-"): CENTER_POSTS,
    ("holiday_edit", "-"): CENTER_OPENS,
    ("holiday_edit.post", "-"): CENTER_POSTS,
    ("holiday_delete", "-"): (405, 405, 403, 403, 403, 302),
    ("holiday_delete.post", "-"): CENTER_POSTS,
}


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def calendar(board: Board) -> list[Holiday]:
    """Besides the board's 2 September 2026: two days off in 2025, one on a Saturday."""
    return [
        Holiday.objects.create(date=dt.date(2025, 4, 30), name="Ngày Giải phóng miền Nam"),
        Holiday.objects.create(date=dt.date(2025, 5, 1), name="Quốc tế Lao động"),
        Holiday.objects.create(date=dt.date(2026, 5, 2), name="Nghỉ bù"),  # a Saturday
        board.holiday,
    ]


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(Holiday.objects.all(), AuditEntry.objects.all())


def _url(board: Board, page: str) -> str:
    return {
        "holiday_list": "/steering/holidays/",
        "holiday_create": "/steering/holidays/add/",
        "holiday_edit": f"/steering/holidays/{board.holiday.pk}/edit/",
        "holiday_delete": f"/steering/holidays/{board.holiday.pk}/delete/",
    }[page]


BODIES = {
    "holiday_create": {"date": "2026-04-30", "name": "Ngày Giải phóng miền Nam"},
    "holiday_edit": {"date": "2026-09-01", "name": "Quốc khánh (nghỉ thêm)"},
    "holiday_delete": {},
}


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_permission_matrix(client, users, board, case: Case):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    page, _dot, method = case.action.partition(".")
    url = _url(board, page)
    before = _everything()
    # when
    response = client.post(url, BODIES[page]) if method == "post" else client.get(url)
    # then
    check_answer(response, case, method=method, before=before, everything=_everything)


def _rows(html: str) -> list[str]:
    return re.findall(r'data-testid="holiday-row" data-date="([^"]+)"', html)


def test_the_list_shows_the_chosen_year_and_says_what_the_calendar_is_for(client, users, calendar):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.UNIT_REPORTER)
    # when
    html = client.get("/steering/holidays/?year=2025").content.decode()
    # then
    assert _rows(html) == ["2025-04-30", "2025-05-01"]
    assert "Ngày Giải phóng miền Nam" in html
    assert "deadlines are counted against" in html
    years = re.findall(r'href="\?year=(\d+)"', html)
    assert {"2025", "2026"} <= set(years)
    assert years == sorted(years)
    assert '<a class="nav-link active" aria-current="page" href="?year=2025">2025</a>' in html
    for button in ("add", "edit", "delete"):
        assert f'data-testid="{button}"' not in html


def test_a_day_off_on_a_weekend_is_marked(client, users, calendar):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.LEADER)
    html = client.get("/steering/holidays/?year=2026").content.decode()
    assert _rows(html) == ["2026-05-02", "2026-09-02"]
    saturday = re.search(r'data-date="2026-05-02".*?</tr>', html, re.DOTALL).group(0)  # type: ignore[union-attr]
    wednesday = re.search(r'data-date="2026-09-02".*?</tr>', html, re.DOTALL).group(0)  # type: ignore[union-attr]
    assert "Saturday" in saturday and ">weekend<" in saturday
    assert "Wednesday" in wednesday and "weekend" not in wednesday


@pytest.mark.parametrize("year", ["", "abc", "0", "99999"])
def test_a_year_that_is_not_one_shows_the_current_year(client, users, board, year):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.LEADER)
    response = client.get(f"/steering/holidays/?year={year}")
    assert response.status_code == 200
    assert response.context["year"] == local_date().year


def test_the_center_sees_the_buttons_and_delete_asks_first(client, users, calendar):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get("/steering/holidays/?year=2026").content.decode()
    assert 'href="/steering/holidays/add/?year=2026" data-testid="add"' in html
    assert html.count('data-testid="edit"') == 2
    assert html.count('data-testid="delete" data-confirm="Delete the day off ') == 2


def test_adding_a_day_off_is_audited_and_shown_in_its_year(client, users, board):  # type: ignore[no-untyped-def]
    # given
    staff = sign_in(client, users, Role.CENTER_STAFF)
    # when
    response = client.post("/steering/holidays/add/", BODIES["holiday_create"])
    # then
    assert response["Location"] == "/steering/holidays/?year=2026"
    holiday = Holiday.objects.get(date=dt.date(2026, 4, 30))
    assert holiday.name == "Ngày Giải phóng miền Nam"
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Holiday), object_id=str(holiday.pk)
    )
    assert (entry.action, entry.actor) == (AuditAction.CREATE, staff)
    assert entry.changes == {"date": [None, "2026-04-30"], "name": [None, holiday.name]}
    assert _rows(client.get(response["Location"]).content.decode()) == ["2026-04-30", "2026-09-02"]


def test_a_date_already_in_the_calendar_is_refused_on_the_field(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    response = client.post("/steering/holidays/add/", {"date": "2026-09-02", "name": "Trùng"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"date": ["Holiday with this Date already exists."]}
    assert _everything() == before


def test_editing_a_day_off_is_audited(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.ADMINISTRATOR)
    url = f"/steering/holidays/{board.holiday.pk}/edit/"
    assert client.get(url).context["form"].initial == {
        "date": dt.date(2026, 9, 2), "name": "Quốc khánh",
    }  # fmt: skip
    response = client.post(url, BODIES["holiday_edit"])
    assert response["Location"] == "/steering/holidays/?year=2026"
    board.holiday.refresh_from_db()
    assert (board.holiday.date, board.holiday.name) == (
        dt.date(2026, 9, 1), "Quốc khánh (nghỉ thêm)",
    )  # fmt: skip
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Holiday), action=AuditAction.UPDATE
    )
    assert entry.changes == {
        "date": ["2026-09-02", "2026-09-01"], "name": ["Quốc khánh", "Quốc khánh (nghỉ thêm)"],
    }  # fmt: skip


def test_deleting_a_day_off_removes_it_and_keeps_a_record(client, users, board):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    pk = board.holiday.pk
    # when
    response = client.post(f"/steering/holidays/{pk}/delete/")
    # then
    assert response["Location"] == "/steering/holidays/?year=2026"
    assert Holiday.objects.filter(pk=pk).exists() is False
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Holiday), object_id=str(pk)
    )
    assert entry.action == AuditAction.DELETE
    assert entry.changes == {"date": ["2026-09-02", None], "name": ["Quốc khánh", None]}
    assert "The day off was deleted." in client.get(response["Location"]).content.decode()
