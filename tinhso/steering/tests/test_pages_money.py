"""The programme and budget pages: who may open and post each one (role × own/other unit),
amounts typed the Vietnamese way stored as exact Decimals and audited, over-disbursement shown
on the field with nothing stored, and totals and percentages on the pages exact."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import Case, expand, sign_in, state_of
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.forms.money import parse_amount
from tinhso.steering.models import Allocation, Disbursement, Programme, Task
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.pages import check_answer
from tinhso.steering.views.money import grouped, short_vnd

pytestmark = pytest.mark.django_db

READ = (200, 200, 200, 200, 403, 302)
READ_OWN_ONLY = (200, 200, 200, 404, 403, 302)
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
CENTER_POSTS = (302, 302, 403, 403, 403, 302)

PAGES = {
    ("programme_list", "-"): READ,
    ("programme_detail", "-"): READ,
    ("programme_create", "-"): CENTER_OPENS,
    ("programme_create.post", "-"): CENTER_POSTS,
    ("programme_edit", "-"): CENTER_OPENS,
    ("programme_edit.post", "-"): CENTER_POSTS,
    ("allocation_create", "-"): CENTER_OPENS,
    ("allocation_create.post", "-"): CENTER_POSTS,
    ("allocation_detail", "own"): READ,
    ("allocation_detail", "other"): READ_OWN_ONLY,
    ("allocation_edit", "own"): CENTER_OPENS,
    ("allocation_edit", "other"): CENTER_OPENS,
    ("allocation_edit.post", "own"): CENTER_POSTS,
    ("allocation_edit.post", "other"): CENTER_POSTS,
    ("disbursement_create", "own"): CENTER_OPENS,
    ("disbursement_create", "other"): CENTER_OPENS,
    ("disbursement_create.post", "own"): CENTER_POSTS,
    ("disbursement_create.post", "other"): CENTER_POSTS,
}


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    """Pages speak the language of the cookie; these tests read English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Programme.objects.all(), Allocation.objects.all(), Disbursement.objects.all(),
        AuditEntry.objects.all(),
    )  # fmt: skip


def _entry(obj: Any, action: AuditAction) -> AuditEntry:
    """The one audit entry of ``action`` about ``obj``."""
    return AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), action=action
    )


def _url(board: Board, page: str, target: str) -> str:
    allocation = board.other_allocation if target == "other" else board.own_allocation
    urls = {
        "programme_list": "/steering/programmes/",
        "programme_detail": f"/steering/programmes/{board.programme.pk}/",
        "programme_create": "/steering/programmes/add/",
        "programme_edit": f"/steering/programmes/{board.programme.pk}/edit/",
        "allocation_create": f"/steering/programmes/{board.programme.pk}/allocations/add/",
        "allocation_detail": f"/steering/allocations/{allocation.pk}/",
        "allocation_edit": f"/steering/allocations/{allocation.pk}/edit/",
        "disbursement_create": f"/steering/allocations/{allocation.pk}/disburse/",
    }
    return urls[page]


def _body(board: Board, page: str, target: str) -> dict[str, Any]:
    allocation = board.other_allocation if target == "other" else board.own_allocation
    bodies: dict[str, dict[str, Any]] = {
        "programme_create": {"name": "Đổi mới sáng tạo 2026", "first_year": "2026",
                             "last_year": "2027"},
        "programme_edit": {"name": "Chuyển đổi số 2025–2026", "first_year": "2025",
                           "last_year": "2026"},
        "allocation_create": {"year": "2026", "org_unit": board.own_task.lead_unit_id,
                              "project": "", "amount": "500.000.000"},
        "allocation_edit": {"year": "2025", "org_unit": allocation.org_unit_id, "project": "",
                            "amount": "2.500.000.000"},
        "disbursement_create": {"date": "2025-09-01", "document_number": "UNC-02",
                                "amount": "1.500.000", "note": ""},
    }  # fmt: skip
    return bodies[page]


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_permission_matrix(client, users, board, case: Case):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    page, _dot, method = case.action.partition(".")
    url = _url(board, page, case.target)
    before = _everything()
    # when
    if method == "post":
        response = client.post(url, _body(board, page, case.target))
    else:
        response = client.get(url)
    # then
    check_answer(response, case, method=method, before=before, everything=_everything)


# Typing amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234.567", "1234567"),
        ("1234567", "1234567"),
        ("1,234,567", "1234567"),
        ("1 234 567", "1234567"),
        ("1\u00a0234\u00a0567", "1234567"),
        (" 1.500.000 đ ", "1500000"),
        ("81.600.000.000 VND", "81600000000"),
        ("999", "999"),
    ],
)
def test_amounts_are_read_as_whole_dong(text, amount):  # type: ignore[no-untyped-def]
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text", ["1.5", "1,50", "1.2345", "1.234,567", "1.234 567", "-5", "abc", "1e6", "12.34.567"]
)
def test_amounts_that_are_not_whole_dong_are_refused(text):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        parse_amount(text)


def test_amounts_are_shown_the_vietnamese_way():  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        assert grouped(Decimal("81600000000")) == "81.600.000.000"
    with translation.override("en"):
        assert grouped(Decimal("81600000000")) == "81,600,000,000"
        assert short_vnd(Decimal("81600000000")) == "81.6 billion VND"
        assert short_vnd(Decimal("68000000000")) == "68 billion VND"
        assert short_vnd(Decimal("13649999999")) == "13.6 billion VND"
        assert short_vnd(Decimal("13650000000")) == "13.7 billion VND"  # half up
        assert short_vnd(Decimal("250000000")) == "250 million VND"
        assert short_vnd(Decimal("999999")) == "999,999 VND"


# Recording a disbursement -----------------------------------------------------------------------


def test_a_disbursement_typed_the_vietnamese_way_is_stored_exactly_and_audited(
    client, users, board
):  # type: ignore[no-untyped-def]
    # given
    staff = sign_in(client, users, Role.CENTER_STAFF)
    url = f"/steering/allocations/{board.own_allocation.pk}/disburse/"
    # when
    response = client.post(url, {
        "date": "2025-09-01", "document_number": "UNC-02", "amount": "1.500.000",
        "note": "Tạm ứng đợt 2",
    })  # fmt: skip
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/steering/programmes/{board.programme.pk}/#disbursements"
    disbursement = Disbursement.objects.get(document_number="UNC-02")
    assert disbursement.amount == Decimal("1500000")
    assert disbursement.allocation == board.own_allocation
    assert disbursement.date == dt.date(2025, 9, 1)
    assert disbursement.note == "Tạm ứng đợt 2"
    entry = _entry(disbursement, AuditAction.CREATE)
    assert entry.actor == staff
    assert entry.changes["amount"] == [None, "1500000"]
    assert entry.changes["document_number"] == [None, "UNC-02"]


def test_over_disbursing_shows_the_error_on_the_amount_and_stores_nothing(client, users, board):  # type: ignore[no-untyped-def]
    # given: 1,000,000,000 allotted, 250,000,000 paid
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    # when
    response = client.post(
        f"/steering/allocations/{board.own_allocation.pk}/disburse/",
        {"date": "2025-09-01", "document_number": "UNC-02", "amount": "750.000.001"},
    )
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"amount": ["Only 750.000.000 VND remain of this allocation."]}
    assert "Only 750.000.000 VND remain of this allocation." in response.content.decode()
    assert _everything() == before


def test_paying_out_exactly_what_remains_is_accepted(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    response = client.post(
        f"/steering/allocations/{board.own_allocation.pk}/disburse/",
        {"date": "2025-10-01", "document_number": "UNC-03", "amount": "750000000"},
    )
    assert response.status_code == 302
    paid = Disbursement.objects.filter(allocation=board.own_allocation).values_list("amount")
    assert sorted(amount for (amount,) in paid) == [Decimal("250000000"), Decimal("750000000")]


def test_an_amount_that_is_not_whole_dong_is_refused_on_the_field(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    response = client.post(
        f"/steering/allocations/{board.own_allocation.pk}/disburse/",
        {"date": "2025-09-01", "document_number": "UNC-02", "amount": "1.5"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount": ["Type a whole number of đồng, e.g. 1.500.000."]
    }
    assert _everything() == before


def test_the_disbursement_form_shows_what_remains(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"/steering/allocations/{board.own_allocation.pk}/disburse/").content
    assert re.search(r'data-testid="remaining">750,000,000 VND<', html.decode())


# Programmes and allocations --------------------------------------------------------------------


def test_creating_a_programme_stores_it_audits_it_and_shows_it(client, users):  # type: ignore[no-untyped-def]
    # given
    staff = sign_in(client, users, Role.CENTER_STAFF)
    # when
    response = client.post(
        "/steering/programmes/add/",
        {"name": "Khoa học, công nghệ và ĐMST 2025", "first_year": "2025", "last_year": "2025"},
    )
    # then
    programme = Programme.objects.get()
    assert response["Location"] == f"/steering/programmes/{programme.pk}/"
    assert (programme.name, programme.first_year, programme.last_year) == (
        "Khoa học, công nghệ và ĐMST 2025", 2025, 2025,
    )  # fmt: skip
    entry = _entry(programme, AuditAction.CREATE)
    assert entry.actor == staff
    html = client.get(response["Location"]).content.decode()
    assert (
        '<h1 class="h3 mb-1" data-testid="object-name">Khoa học, công nghệ và ĐMST 2025</h1>'
        in html
    )
    assert 'data-testid="audit-history"' in html


def test_a_programme_whose_last_year_is_before_its_first_is_refused(client, users):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    response = client.post(
        "/steering/programmes/add/", {"name": "Sai", "first_year": "2026", "last_year": "2025"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "last_year": ["The last year is before the first year."]
    }
    assert Programme.objects.count() == 0


def test_editing_a_programme_is_audited_and_shown_in_its_history(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.ADMINISTRATOR)
    url = f"/steering/programmes/{board.programme.pk}/"
    form = client.get(f"{url}edit/").content.decode()
    assert 'value="Chuyển đổi số 2025"' in form
    assert 'value="2025"' in form  # a year takes no thousands separator
    response = client.post(
        f"{url}edit/",
        {"name": "Chuyển đổi số 2025-2026", "first_year": "2025", "last_year": "2026"},
    )
    assert response["Location"] == url
    board.programme.refresh_from_db()
    assert board.programme.name == "Chuyển đổi số 2025-2026"
    entry = _entry(board.programme, AuditAction.UPDATE)
    assert entry.changes == {"name": ["Chuyển đổi số 2025", "Chuyển đổi số 2025-2026"]}
    html = client.get(url).content.decode()
    assert "Chuyển đổi số 2025-2026" in html.split('data-testid="audit-history"')[1]


def test_numbers_in_the_history_are_shown_as_recorded_not_localized(client, users, board):  # type: ignore[no-untyped-def]
    # given: a programme's last year changed (2026 → 2027), seen in Vietnamese (2.027)
    sign_in(client, users, Role.ADMINISTRATOR)
    client.cookies["tinhso_language"] = "vi"
    url = f"/steering/programmes/{board.programme.pk}/"
    client.post(
        f"{url}edit/",
        {"name": "Chuyển đổi số 2025", "first_year": "2025", "last_year": "2027"},
    )
    assert _entry(board.programme, AuditAction.UPDATE).changes == {"last_year": [2026, 2027]}
    # when
    html = client.get(url).content.decode()
    # then: a year takes no thousands separator in the history either
    history = html.split('data-testid="audit-history"')[1]
    assert re.findall(r"<tr><td>last_year</td>(.*?)</tr>", history) == [
        '<td class="text-muted">2026</td><td>2027</td>'
    ]


def test_adding_an_allocation_stores_the_typed_amount(client, users, board, own_unit):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    url = f"/steering/programmes/{board.programme.pk}/allocations/add/"
    # when
    response = client.post(
        url,
        {"year": "2026", "org_unit": "", "project": "Trung tâm IOC", "amount": "68.000.000.000"},
    )
    # then
    assert response["Location"] == f"/steering/programmes/{board.programme.pk}/#allocations"
    allocation = Allocation.objects.get(project="Trung tâm IOC")
    assert (allocation.year, allocation.org_unit, allocation.amount) == (
        2026, None, Decimal("68000000000"),
    )  # fmt: skip
    entry = _entry(allocation, AuditAction.CREATE)
    assert entry.changes["amount"] == [None, "68000000000"]


def test_an_allocation_needs_a_unit_or_a_project(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    response = client.post(
        f"/steering/programmes/{board.programme.pk}/allocations/add/",
        {"year": "2025", "org_unit": "", "project": " ", "amount": "1000"},
    )
    assert response.context["form"].errors == {"org_unit": ["Choose a unit or name a project."]}
    assert _everything() == before


def test_an_allocation_year_is_one_of_the_programme_years(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    form = client.get(f"/steering/programmes/{board.programme.pk}/allocations/add/").context["form"]
    assert form.fields["year"].choices == [(2025, "2025"), (2026, "2026")]


def test_an_allocation_cannot_drop_below_what_is_paid(client, users, board):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    url = f"/steering/allocations/{board.own_allocation.pk}/edit/"
    assert client.get(url).context["form"]["amount"].value() == "1,000,000,000"
    before = _everything()
    # when
    response = client.post(url, {
        "year": "2025", "org_unit": board.own_allocation.org_unit_id, "project": "",
        "amount": "249.999.999",
    })  # fmt: skip
    # then
    assert response.context["form"].errors == {
        "amount": ["The amount cannot be less than what is already disbursed."]
    }
    assert _everything() == before


# Totals on the pages ----------------------------------------------------------------------------


@pytest.fixture
def second_programme(board: Board) -> Programme:
    """A science programme with one project allocation (no unit) and 1 đồng paid out."""
    programme = Programme.objects.create(name="Khoa học công nghệ 2025", first_year=2025,
                                         last_year=2025)  # fmt: skip
    allocation = Allocation.objects.create(
        programme=programme, year=2025, project="Đề án KH&CN", amount=Decimal("13600000000")
    )
    Disbursement.objects.create(
        allocation=allocation, date=dt.date(2025, 7, 1), document_number="UNC-KH-01",
        amount=Decimal(1),
    )  # fmt: skip
    return programme


def _cells(html: str, row_testid: str) -> list[list[str]]:
    """The money cells (allocated, disbursed, remaining, percent) of each row with the testid."""
    rows = re.findall(rf'data-testid="{row_testid}".*?</tr>', html, re.DOTALL)
    names = ("allocated", "disbursed", "remaining", "percent")
    return [
        [re.search(rf'data-testid="{name}">([^<]*)<', row).group(1) for name in names]  # type: ignore[union-attr]
        for row in rows
    ]


def test_the_programme_list_shows_exact_totals_and_grand_totals(
    client, users, board, second_programme
):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.LEADER)
    # when
    html = client.get("/steering/programmes/").content.decode()
    # then: 3,000,000,000 allotted, 250,000,000 paid: 8.33 %; 13,600,000,000 and 1 đồng: 0.00 %
    assert _cells(html, "programme-row") == [
        ["3,000,000,000 VND", "250,000,000 VND", "2,750,000,000 VND", "8.33%"],
        ["13,600,000,000 VND", "1 VND", "13,599,999,999 VND", "0.00%"],
    ]
    # 250,000,001 / 16,600,000,000 = 1.50602…%
    assert _cells(html, "grand-total") == [
        ["16,600,000,000 VND", "250,000,001 VND", "16,349,999,999 VND", "1.51%"]
    ]
    assert 'data-testid="summary-allocated">16.6 billion VND<' in html
    assert 'data-testid="summary-disbursed">250 million VND<' in html
    assert 'data-testid="partial-note"' not in html


def test_a_reporter_sees_the_totals_of_their_own_allocations(
    client, users, board, second_programme
):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.UNIT_REPORTER)
    html = client.get("/steering/programmes/").content.decode()
    assert _cells(html, "programme-row") == [
        ["1,000,000,000 VND", "250,000,000 VND", "750,000,000 VND", "25.00%"],
        ["0 VND", "0 VND", "0 VND", "0.00%"],
    ]
    assert _cells(html, "grand-total") == [
        ["1,000,000,000 VND", "250,000,000 VND", "750,000,000 VND", "25.00%"]
    ]
    assert 'data-testid="partial-note"' in html


def test_the_programme_list_of_a_year_counts_the_money_of_that_year(
    client, users, board, second_programme
):  # type: ignore[no-untyped-def]
    # given: the board's programme runs 2025–2026; 333 đồng allotted in 2026, 111 paid
    ioc = Allocation.objects.create(
        programme=board.programme, year=2026, project="IOC", amount=Decimal("333")
    )
    Disbursement.objects.create(
        allocation=ioc, date=dt.date(2026, 2, 1), document_number="UNC-26", amount=Decimal(111)
    )
    sign_in(client, users, Role.CENTER_STAFF)
    # when
    html_2026 = client.get("/steering/programmes/?year=2026").content.decode()
    html_2025 = client.get("/steering/programmes/?year=2025").content.decode()
    everything = client.get("/steering/programmes/?year=1999").content.decode()
    # then
    assert _cells(html_2026, "programme-row") == [["333 VND", "111 VND", "222 VND", "33.33%"]]
    assert _cells(html_2025, "programme-row") == [
        ["3,000,000,000 VND", "250,000,000 VND", "2,750,000,000 VND", "8.33%"],
        ["13,600,000,000 VND", "1 VND", "13,599,999,999 VND", "0.00%"],
    ]
    assert _cells(html_2025, "grand-total") == [
        ["16,600,000,000 VND", "250,000,001 VND", "16,349,999,999 VND", "1.51%"]
    ]
    assert _cells(everything, "grand-total") == [
        ["16,600,000,333 VND", "250,000,112 VND", "16,350,000,221 VND", "1.51%"]
    ]
    assert re.findall(r'href="\?year=(\d+)"', everything) == ["2025", "2026"]
    assert '<a class="nav-link active" aria-current="page" href="?year=2026">' in html_2026


def test_a_reporter_sees_the_money_of_their_unit_in_a_year(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.UNIT_REPORTER)
    html = client.get("/steering/programmes/?year=2025").content.decode()
    assert _cells(html, "programme-row") == [
        ["1,000,000,000 VND", "250,000,000 VND", "750,000,000 VND", "25.00%"]
    ]
    html = client.get("/steering/programmes/?year=2026").content.decode()
    assert _cells(html, "programme-row") == [["0 VND", "0 VND", "0 VND", "0.00%"]]


def test_the_programme_list_costs_the_same_queries_however_many_programmes(
    client, users, board, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    client.get("/steering/programmes/")
    for year in range(2020, 2030):
        Programme.objects.create(name=f"P{year}", first_year=year, last_year=year)
    with django_assert_max_num_queries(12):
        response = client.get("/steering/programmes/")
    assert len(re.findall('data-testid="programme-row"', response.content.decode())) == 11


def _funded(board: Board) -> None:
    Task.objects.filter(pk__in=[board.own_task.pk, board.other_task.pk]).update(
        programme=board.programme
    )


def test_the_programme_page_adds_up_by_year_and_by_unit(client, users, board):  # type: ignore[no-untyped-def]
    # given: a 2026 allocation to a project, half paid
    _funded(board)
    ioc = Allocation.objects.create(
        programme=board.programme, year=2026, project="IOC", amount=Decimal("333")
    )
    Disbursement.objects.create(
        allocation=ioc, date=dt.date(2026, 2, 1), document_number="UNC-26", amount=Decimal(111)
    )
    sign_in(client, users, Role.CENTER_STAFF)
    # when
    html = client.get(f"/steering/programmes/{board.programme.pk}/").content.decode()
    # then
    assert _cells(html, "allocation-row") == [
        ["1,000,000,000 VND", "250,000,000 VND", "750,000,000 VND", "25.00%"],
        ["2,000,000,000 VND", "0 VND", "2,000,000,000 VND", "0.00%"],
        ["333 VND", "111 VND", "222 VND", "33.33%"],
    ]
    assert _cells(html, "year-row") == [
        ["3,000,000,000 VND", "250,000,000 VND", "2,750,000,000 VND", "8.33%"],
        ["333 VND", "111 VND", "222 VND", "33.33%"],
    ]
    assert _cells(html, "allocation-total") == [
        ["3,000,000,333 VND", "250,000,111 VND", "2,750,000,222 VND", "8.33%"]
    ]
    assert 'data-testid="summary-percent">8.33%<' in html
    assert html.count('data-testid="disbursement-row"') == 2
    assert "UNC-01" in html and "UNC-26" in html
    assert f'href="/steering/tasks/{board.own_task.pk}/">Số hóa hồ sơ</a>' in html
    assert f'href="/steering/tasks/{board.other_task.pk}/">Phổ cập kỹ năng số</a>' in html
    assert html.count('data-testid="disburse"') == 3
    assert html.count('data-testid="edit-allocation"') == 3


def test_a_reporter_sees_only_their_unit_money_and_tasks_on_the_programme(
    client, users, board, other_unit: OrgUnit
):  # type: ignore[no-untyped-def]
    # given
    _funded(board)
    Disbursement.objects.create(
        allocation=board.other_allocation, date=dt.date(2025, 8, 1), document_number="UNC-XBL",
        amount=Decimal(5),
    )  # fmt: skip
    sign_in(client, users, Role.UNIT_REPORTER)
    # when
    html = client.get(f"/steering/programmes/{board.programme.pk}/").content.decode()
    # then
    assert _cells(html, "allocation-row") == [
        ["1,000,000,000 VND", "250,000,000 VND", "750,000,000 VND", "25.00%"]
    ]
    assert other_unit.name not in html
    assert "UNC-01" in html
    assert "UNC-XBL" not in html
    assert "Số hóa hồ sơ" in html
    assert "Phổ cập kỹ năng số" not in html
    for button in ("edit", "add", "disburse", "edit-allocation"):
        assert f'data-testid="{button}"' not in html


def test_the_allocation_page_shows_its_money_and_disbursements(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    client.post(
        f"/steering/allocations/{board.own_allocation.pk}/disburse/",
        {"date": "2025-09-01", "document_number": "UNC-02", "amount": "250.000.000"},
    )
    html = client.get(f"/steering/allocations/{board.own_allocation.pk}/").content.decode()
    assert 'data-testid="allocated">1,000,000,000 VND<' in html
    assert 'data-testid="disbursed">500,000,000 VND<' in html
    assert 'data-testid="remaining">500,000,000 VND<' in html
    assert 'data-testid="percent">50.00%<' in html
    assert html.count('data-testid="disbursement-row"') == 2
