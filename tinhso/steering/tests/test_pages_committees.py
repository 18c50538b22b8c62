"""The steering-committee pages: who may open and post each one (role × own/other unit), the
counts "X of Y agencies, X of Y communes/wards" from the org tree, the units without a
committee, and recording or editing one through the audited service."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import Case, expand, sign_in, state_of
from tinhso.orgunits.choices import OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import SteeringCommittee
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.pages import check_answer

pytestmark = pytest.mark.django_db

READ = (200, 200, 200, 200, 403, 302)
READ_OWN_ONLY = (200, 200, 200, 404, 403, 302)
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
CENTER_POSTS = (302, 302, 403, 403, 403, 302)
FREE_UNIT = "03394"  # a commune of Lai Châu with no committee in the board

PAGES = {
    ("committee_list", "-"): READ,
    ("committee_detail", "own"): READ,
    ("committee_detail", "other"): READ_OWN_ONLY,
    ("committee_create", "-"): CENTER_OPENS,
    ("committee_create.post", "-"): CENTER_POSTS,
    ("committee_edit", "own"): CENTER_OPENS,
    ("committee_edit", "other"): CENTER_OPENS,
    ("committee_edit.post", "own"): CENTER_POSTS,
    ("committee_edit.post", "other"): CENTER_POSTS,
}


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(SteeringCommittee.objects.all(), AuditEntry.objects.all())


def _url(board: Board, page: str, target: str) -> str:
    committee = board.other_committee if target == "other" else board.own_committee
    return {
        "committee_list": "/steering/committees/",
        "committee_create": "/steering/committees/add/",
        "committee_detail": f"/steering/committees/{committee.pk}/",
        "committee_edit": f"/steering/committees/{committee.pk}/edit/",
    }[page]


def _body(page: str) -> dict[str, Any]:
    body = {
        "decision_number": "12/QĐ-UBND", "decision_date": "2025-08-01",
        "head": "Chủ tịch UBND xã", "members": "Phó Chủ tịch UBND\nCông chức Văn phòng",
    }  # fmt: skip
    if page == "committee_create":
        body["org_unit"] = str(OrgUnit.objects.get(code=FREE_UNIT).pk)
    return body


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_permission_matrix(client, users, board, case: Case):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    page, _dot, method = case.action.partition(".")
    url = _url(board, page, case.target)
    before = _everything()
    # when
    response = client.post(url, _body(page)) if method == "post" else client.get(url)
    # then
    check_answer(response, case, method=method, before=before, everything=_everything)


def _agency(code: str, name: str, parent: OrgUnit, **fields: Any) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, kind=OrgUnitKind.AGENCY, parent=parent, **fields)
    unit.build_path()
    unit.save()
    return unit


@pytest.fixture
def agencies(board: Board, lai_chau: OrgUnit) -> list[OrgUnit]:
    """Three agencies in force (one with a committee) and one that has ended."""
    units = [
        _agency("12.SKHCN", "Sở Khoa học và Công nghệ", lai_chau),
        _agency("12.SNV", "Sở Nội vụ", lai_chau),
        _agency("12.SYT", "Sở Y tế", lai_chau),
    ]
    _agency("12.SCU", "Sở đã giải thể", lai_chau, valid_to=dt.date(2025, 6, 30))
    SteeringCommittee.objects.create(
        org_unit=units[0], decision_number="45/QĐ-SKHCN", decision_date=dt.date(2025, 4, 2),
        head="Giám đốc Sở", members="Phó Giám đốc\nTrưởng phòng Quản lý công nghệ",
    )  # fmt: skip
    return units


def _coverage(html: str, key: str) -> str:
    match = re.search(
        rf'data-testid="coverage-{key}">\s*<div class="fs-4 fw-semibold">([^<]*)<', html
    )
    assert match is not None
    return match.group(1)


def _missing(html: str, key: str) -> list[str]:
    block = re.search(rf'data-testid="missing-{key}">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r'data-unit="([^"]+)"', block.group(1)) if block else []


def test_the_center_sees_how_many_agencies_and_communes_have_a_committee(
    client, users, board, agencies
):  # type: ignore[no-untyped-def]
    # given: 3 agencies in force, 1 with a committee; 38 communes/wards, 2 with one
    sign_in(client, users, Role.LEADER)
    # when
    html = client.get("/steering/committees/").content.decode()
    # then
    assert _coverage(html, "agencies") == "1 of 3 agencies"
    assert _coverage(html, "localities") == "2 of 38 communes and wards"
    assert _missing(html, "agencies") == ["12.SNV", "12.SYT"]
    missing = _missing(html, "localities")
    assert len(missing) == 36
    assert {"03388", "03390"} & set(missing) == set()
    assert FREE_UNIT in missing
    assert re.findall(r'<tr [^>]*data-unit="([^"]+)"', html) == ["03388", "03390", "12.SKHCN"]
    assert 'data-testid="add"' not in html


def test_the_register_shows_decision_date_head_and_members(client, users, board, agencies):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get("/steering/committees/").content.decode()
    row = re.search(r'<tr [^>]*data-unit="12.SKHCN".*?</tr>', html, re.DOTALL).group(0)  # type: ignore[union-attr]
    assert "Sở Khoa học và Công nghệ" in row
    assert "45/QĐ-SKHCN" in row
    assert "2025-04-02" in row
    assert "Giám đốc Sở" in row
    assert "Phó Giám đốc; Trưởng phòng Quản lý công nghệ" in row
    assert f'href="/steering/committees/add/?unit={FREE_UNIT}"' in html


def test_members_listed_with_semicolons_are_shown_one_by_one(client, users, board):  # type: ignore[no-untyped-def]
    SteeringCommittee.objects.filter(pk=board.own_committee.pk).update(
        members="Ông A (Trưởng ban); Bà B (Phó Trưởng ban)\nÔng C"
    )
    sign_in(client, users, Role.LEADER)
    detail = client.get(f"/steering/committees/{board.own_committee.pk}/").content.decode()
    assert re.findall(r'<li class="list-group-item">([^<]*)</li>', detail) == [
        "Ông A (Trưởng ban)", "Bà B (Phó Trưởng ban)", "Ông C",
    ]  # fmt: skip
    listed = client.get("/steering/committees/").content.decode()
    assert "Ông A (Trưởng ban); Bà B (Phó Trưởng ban); Ông C" in listed


def test_the_register_filters_agencies_from_communes(client, users, board, agencies):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get("/steering/committees/?group=agencies").content.decode()
    assert re.findall(r'<tr [^>]*data-unit="([^"]+)"', html) == ["12.SKHCN"]
    html = client.get("/steering/committees/?q=Đoàn Kết").content.decode()
    assert re.findall(r'<tr [^>]*data-unit="([^"]+)"', html) == ["03388"]


def test_a_reporter_sees_their_own_unit_only(client, users, board, agencies):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.UNIT_REPORTER)
    html = client.get("/steering/committees/").content.decode()
    assert _coverage(html, "agencies") == "0 of 0 agencies"
    assert _coverage(html, "localities") == "1 of 1 communes and wards"
    assert re.findall(r'<tr [^>]*data-unit="([^"]+)"', html) == ["03388"]
    assert _missing(html, "localities") == []


def test_recording_a_committee_stores_it_audits_it_and_counts_it(client, users, board, agencies):  # type: ignore[no-untyped-def]
    # given
    staff = sign_in(client, users, Role.CENTER_STAFF)
    unit = OrgUnit.objects.get(code=FREE_UNIT)
    form = client.get(f"/steering/committees/add/?unit={FREE_UNIT}").context["form"]
    assert form.initial == {"org_unit": unit}
    # when
    response = client.post("/steering/committees/add/", _body("committee_create"))
    # then
    committee = SteeringCommittee.objects.get(org_unit=unit)
    assert response["Location"] == f"/steering/committees/{committee.pk}/"
    assert (committee.decision_number, committee.decision_date, committee.head) == (
        "12/QĐ-UBND", dt.date(2025, 8, 1), "Chủ tịch UBND xã",
    )  # fmt: skip
    assert committee.members == "Phó Chủ tịch UBND\nCông chức Văn phòng"
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(SteeringCommittee),
        object_id=str(committee.pk),
    )
    assert (entry.action, entry.actor, entry.org_unit) == (AuditAction.CREATE, staff, unit)
    html = client.get("/steering/committees/").content.decode()
    assert _coverage(html, "localities") == "3 of 38 communes and wards"
    assert FREE_UNIT not in _missing(html, "localities")
    detail = client.get(response["Location"]).content.decode()
    assert '<li class="list-group-item">Công chức Văn phòng</li>' in detail
    assert 'data-testid="audit-history"' in detail


def test_the_form_offers_only_units_without_a_committee(client, users, board, agencies):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    form = client.get("/steering/committees/add/").context["form"]
    offered = set(form.fields["org_unit"].queryset.values_list("code", flat=True))
    assert {"03388", "03390", "12.SKHCN", "12.SCU"} & offered == set()
    assert {FREE_UNIT, "12.SNV", "12", "12.SYT"} <= offered


def test_a_unit_with_a_committee_cannot_get_another(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    body = {**_body("committee_edit"), "org_unit": str(board.own_committee.org_unit_id)}
    response = client.post("/steering/committees/add/", body)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["org_unit"]
    assert _everything() == before


def test_editing_a_committee_keeps_its_unit_and_is_audited(client, users, board):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.ADMINISTRATOR)
    url = f"/steering/committees/{board.own_committee.pk}/edit/"
    form = client.get(url).context["form"]
    assert "org_unit" not in form.fields
    assert form.initial["decision_number"] == "03388/QĐ-UBND"
    # when
    response = client.post(url, {
        "decision_number": "03388/QĐ-UBND", "decision_date": "2025-07-15",
        "head": "Bí thư Đảng ủy phường", "members": "",
    })  # fmt: skip
    # then
    assert response["Location"] == f"/steering/committees/{board.own_committee.pk}/"
    board.own_committee.refresh_from_db()
    assert board.own_committee.head == "Bí thư Đảng ủy phường"
    assert board.own_committee.org_unit.code == "03388"
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(SteeringCommittee),
        object_id=str(board.own_committee.pk),
        action=AuditAction.UPDATE,
    )
    assert entry.changes == {"head": ["Chủ tịch UBND", "Bí thư Đảng ủy phường"]}


def test_a_decision_without_a_date_is_refused_on_the_field(client, users, board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    before = _everything()
    body = {**_body("committee_create"), "decision_date": ""}
    response = client.post("/steering/committees/add/", body)
    assert response.context["form"].errors == {"decision_date": ["This field is required."]}
    assert _everything() == before
