"""The report form page: filling in, inline errors, conflicts between two people, evidence files,
the submit → approve → unlock path, and who may open or change which form."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhso.accounts.tests.factories import UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, state_of
from tinhso.core.tests.test_offline_and_csp import (
    EXTERNAL,
    INLINE_HANDLER,
    INLINE_SCRIPT,
    STYLE_ATTRIBUTE,
)
from tinhso.monitoring import reports
from tinhso.monitoring.models import CategoryOption, DataElement, DataValue, Submission

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


class _Fields(HTMLParser):
    """The fields a browser would send from the report form, as the page filled them in."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") in ("text", "hidden"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea:
            self.fields[self._textarea] += data


def _client(user, language="en"):  # type: ignore[no-untyped-def]
    """A browser signed in as ``user``; English pages, unless the test is about Vietnamese."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _open(client, unit, period="202601", data_set="MONTHLY"):  # type: ignore[no-untyped-def]
    """Open the form as a browser does; the fields it would post back."""
    response = client.get(_url(unit, period, data_set))
    assert response.status_code == 200
    parser = _Fields()
    parser.feed(response.content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    parser.fields.pop("reason", None)
    return parser.fields


def _url(unit, period="202601", data_set="MONTHLY"):  # type: ignore[no-untyped-def]
    return f"/monitoring/reports/{data_set}/{unit.code}/{period}/"


def _cell(element, option="default"):  # type: ignore[no-untyped-def]
    option = CategoryOption.objects.get(code=option)
    return f"value-{element.pk}-{option.pk}"


def _post(client, unit, fields, action="save", files=None, period="202601"):  # type: ignore[no-untyped-def]
    return client.post(_url(unit, period), {**fields, **(files or {}), "action": action})


def _values():  # type: ignore[no-untyped-def]
    return {
        (v.data_element.code, v.option.code): (v.value, v.version)
        for v in DataValue.objects.select_related("data_element", "option")
    }


def _everything():  # type: ignore[no-untyped-def]
    return state_of(DataValue.objects.all(), Submission.objects.all(), AuditEntry.objects.all())


def test_a_reporter_fills_in_the_form_in_vietnamese_number_format(users, catalogue, own_unit):
    # given
    client = _client(users[Role.UNIT_REPORTER], language="vi")
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    fields[_cell(catalogue.trainees, "FEMALE")] = "1.234"
    fields[f"comment-{catalogue.trainees.pk}"] = "Lớp tập huấn"
    # when
    response = _post(client, own_unit, fields)
    # then
    assert response.status_code == 302
    assert _values() == {("STARTUPS", "default"): (3, 1), ("TRAINEES", "FEMALE"): (1234, 1)}
    assert DataValue.objects.get(option__code="FEMALE").comment == "Lớp tập huấn"
    assert Submission.objects.get().status == "draft"
    page = client.get(response.url).content.decode()
    assert f'name="{_cell(catalogue.trainees, "FEMALE")}" value="1.234"' in page


def test_errors_show_beside_their_cells_and_above_the_form_and_nothing_is_saved(
    users, catalogue, own_unit
):
    # given
    catalogue.startups.max_value = 99
    catalogue.startups.save()
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "250"
    fields[_cell(catalogue.trainees, "FEMALE")] = "2.5"
    fields[_cell(catalogue.trainees, "MALE")] = "mười"
    # when
    response = _post(client, own_unit, fields)
    # then
    assert response.status_code == 200
    assert DataValue.objects.count() == 0
    problems = [
        (p.label, p.message, p.anchor) for p in response.context["problems"]
    ]  # the summary at the top, in the form's order
    female, male = (CategoryOption.objects.get(code=c).pk for c in ("FEMALE", "MALE"))
    startups, trainees = catalogue.startups.pk, catalogue.trainees.pk
    assert problems == [
        ("Doanh nghiệp khởi nghiệp được hỗ trợ", "At most 99.", f"cell-{startups}-{_default()}"),
        (
            "Người được tập huấn kỹ năng số · Nữ",
            "A whole number is expected.",
            f"cell-{trainees}-{female}",
        ),
        (
            "Người được tập huấn kỹ năng số · Nam",
            "“mười” is not a number.",
            f"cell-{trainees}-{male}",
        ),
    ]
    html = response.content.decode()
    assert html.count('class="invalid-feedback d-block text-start">') == 3
    assert 'value="mười"' in html  # what was typed stays in its cell


def _default():  # type: ignore[no-untyped-def]
    return CategoryOption.objects.get(code="default").pk


def test_two_people_saving_the_same_value_the_second_gets_a_conflict_and_sees_the_newer_value(
    users, catalogue, own_unit, django_user_model
):
    # given: the reporter and a colleague open the same form
    client, colleague = _client(users[Role.UNIT_REPORTER]), _client(users[Role.CENTER_STAFF])
    first, second = _open(client, own_unit), _open(colleague, own_unit)
    first[_cell(catalogue.startups)] = "3"
    _post(client, own_unit, first)
    # when: the colleague saves 5 into the same cell, and a new value into another
    second[_cell(catalogue.startups)] = "5"
    second[_cell(catalogue.trainees, "MALE")] = "7"
    response = _post(colleague, own_unit, second)
    # then: nothing of theirs is saved; the cell shows 3 with their 5 beside it
    assert response.status_code == 200
    assert _values() == {("STARTUPS", "default"): (3, 1)}
    [problem] = response.context["problems"]
    assert problem.message == "Someone saved this value (now 3) after you opened the form."
    [startups, trainees] = list(response.context["grid"].rows)
    assert (startups.cells[0].text, startups.cells[0].version) == ("3", 1)
    assert startups.cells[0].refused == "5"
    assert trainees.cells[1].text == "7"  # their other entry is kept for the next try
    # and when they save again, having seen the newer value, their entries go in
    again = _Fields()
    again.feed(response.content.decode())
    again.fields.pop("csrfmiddlewaretoken")
    assert _post(colleague, own_unit, again.fields).status_code == 302
    assert _values() == {("STARTUPS", "default"): (3, 1), ("TRAINEES", "MALE"): (7, 1)}


def test_a_cell_nobody_touched_is_not_a_conflict(users, catalogue, own_unit):
    # given: both open the form after 3 was saved; the colleague changes it to 4
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    _post(client, own_unit, fields)
    colleague = _client(users[Role.CENTER_STAFF])
    mine, theirs = _open(client, own_unit), _open(colleague, own_unit)
    theirs[_cell(catalogue.startups)] = "4"
    _post(colleague, own_unit, theirs)
    # when: the reporter, from the older form, fills in only another cell
    mine[_cell(catalogue.trainees, "FEMALE")] = "9"
    response = _post(client, own_unit, mine)
    # then: the colleague's 4 stands
    assert response.status_code == 302
    assert _values() == {("STARTUPS", "default"): (4, 2), ("TRAINEES", "FEMALE"): (9, 1)}


def test_a_saved_value_cannot_be_emptied(users, catalogue, own_unit):
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    _post(client, own_unit, fields)
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = ""
    response = _post(client, own_unit, fields)
    assert [p.message for p in response.context["problems"]] == [
        "A saved value cannot be emptied; enter a number."
    ]
    assert _values() == {("STARTUPS", "default"): (3, 1)}


def test_evidence_is_stored_once_for_the_elements_values_and_can_be_downloaded(
    users, catalogue, own_unit
):
    # given
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.trainees, "FEMALE")] = "4"
    fields[_cell(catalogue.trainees, "MALE")] = "5"
    upload = SimpleUploadedFile("danh sách.pdf", PDF, content_type="application/pdf")
    # when
    response = _post(client, own_unit, fields, files={f"evidence-{catalogue.trainees.pk}": upload})
    # then
    assert response.status_code == 302
    names = {v.evidence.name for v in DataValue.objects.all()}
    assert len(names) == 1
    [name] = names
    assert name.startswith("evidence/") and name.endswith(".pdf")
    page = client.get(response.url)
    [link] = page.context["grid"].rows[1].evidence
    download = client.get(f"/monitoring/reports/evidence/{link.value_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")


def test_evidence_for_existing_values_counts_as_a_change(users, catalogue, own_unit):
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    _post(client, own_unit, fields)
    fields = _open(client, own_unit)
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    response = _post(client, own_unit, fields, files={f"evidence-{catalogue.startups.pk}": upload})
    assert response.status_code == 302
    value = DataValue.objects.get()
    assert (value.version, value.evidence.name.endswith(".png")) == (2, True)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "script.exe",
            b"MZ....",
            "Evidence must be a PDF, a PNG or JPEG image, or an Office document.",
        ),
        ("trang.pdf", b"<html><script>", "The file's content is not a PDF file."),
        ("lon.pdf", PDF + b"0" * (10 * 2**20), "The file is larger than 10 MB."),
    ],
)
def test_evidence_of_a_refused_type_or_size_saves_nothing(
    users, catalogue, own_unit, name, content, message
):
    # given
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    upload = SimpleUploadedFile(name, content)
    before = _everything()
    # when
    response = _post(client, own_unit, fields, files={f"evidence-{catalogue.startups.pk}": upload})
    # then
    assert response.status_code == 200
    assert [(p.anchor, p.message) for p in response.context["problems"]] == [
        (f"row-{catalogue.startups.pk}", message)
    ]
    assert response.context["files_dropped"] is True
    assert _everything() == before


def test_a_comment_or_evidence_needs_a_value(users, catalogue, own_unit):
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[f"comment-{catalogue.startups.pk}"] = "Chưa có số liệu"
    response = _post(client, own_unit, fields)
    assert [p.message for p in response.context["problems"]] == [
        "Enter a value to keep the comment or evidence with."
    ]
    assert DataValue.objects.count() == 0


def test_submit_approve_lock_and_unlock_through_the_pages(users, catalogue, own_unit):
    reporter, center = _client(users[Role.UNIT_REPORTER]), _client(users[Role.CENTER_STAFF])
    # the reporter fills in and submits in one go
    fields = _open(reporter, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    assert _post(reporter, own_unit, fields, action="submit").status_code == 302
    submission = Submission.objects.get()
    assert (submission.status, submission.submitted_by) == ("submitted", users[Role.UNIT_REPORTER])
    # submitted: read-only for the reporter
    page = reporter.get(_url(own_unit))
    assert (page.context["can_edit"], page.context["can_approve"]) == (False, False)
    refused = _post(reporter, own_unit, fields)
    assert refused.context["errors"] == ["This report is submitted; it cannot be changed now."]
    assert _values() == {("STARTUPS", "default"): (3, 1)}
    # the center returns it without a reason: refused; with one: returned
    response = center.post(_url(own_unit), {"action": "return", "reason": " "})
    assert response.context["reason_form"].errors == {
        "reason": ["Say why, so the unit knows what to correct."]
    }
    response = center.post(_url(own_unit), {"action": "return", "reason": "Thiếu số liệu nữ"})
    assert response.url == "/monitoring/approvals/"
    page = reporter.get(_url(own_unit))
    assert page.context["can_edit"] is True
    assert "Thiếu số liệu nữ" in page.content.decode()
    # resubmitted and approved: locked for everyone
    fields = _open(reporter, own_unit)
    fields[_cell(catalogue.trainees, "FEMALE")] = "2"
    _post(reporter, own_unit, fields, action="submit")
    assert center.post(_url(own_unit), {"action": "approve"}).status_code == 302
    page = center.get(_url(own_unit))
    assert (page.context["can_edit"], page.context["can_unlock"]) == (False, True)
    # unlocked, with a reason: open again, and every move is in the history
    response = center.post(_url(own_unit), {"action": "unlock", "reason": "Sửa số liệu"})
    assert response.status_code == 302
    page = reporter.get(_url(own_unit))
    assert (page.context["report"].status, page.context["can_edit"]) == ("returned", True)
    statuses = [e.changes["status"][1] for e in reversed(page.context["entries"])]
    assert statuses == ["submitted", "returned", "submitted", "approved", "returned"]


@pytest.mark.parametrize("role", [Role.UNIT_REPORTER, Role.LEADER])
def test_only_the_center_can_decide(users, catalogue, own_unit, role):
    # given: a submitted report
    submission = reports.submission_for(catalogue.monthly, own_unit, reports.parse_period("202601"))
    reports.submit_report(actor=users[Role.UNIT_REPORTER], submission=submission)
    client = _client(users[role])
    before = _everything()
    # when
    page = client.get(_url(own_unit))
    response = client.post(_url(own_unit), {"action": "approve"})
    # then
    assert page.context["can_approve"] is False
    assert response.status_code == 403
    assert _everything() == before


def test_a_reporter_cannot_open_or_fill_another_units_form(users, catalogue, own_unit, other_unit):
    # given
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    before = _everything()
    # when
    opened = client.get(_url(other_unit))
    posted = _post(client, other_unit, fields)
    submitted = _post(client, other_unit, fields, action="submit")
    # then
    assert (opened.status_code, posted.status_code, submitted.status_code) == (404, 404, 404)
    assert _everything() == before


def test_leaders_read_only(users, catalogue, own_unit):
    # given: a saved value
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "3"
    _post(client, own_unit, fields)
    client = _client(users[Role.LEADER])
    before = _everything()
    # when
    page = client.get(_url(own_unit))
    response = _post(client, own_unit, {**fields, _cell(catalogue.startups): "9"})
    # then
    html = page.content.decode()
    assert page.context["can_edit"] is False
    assert 'name="value-' not in html and 'type="file"' not in html
    assert [cell.text for cell in page.context["grid"].rows[0].cells] == ["3"]
    assert response.status_code == 403
    assert _everything() == before


@pytest.mark.parametrize(
    "path",
    [
        "/monitoring/reports/MONTHLY/03390/202613/",  # no such month
        "/monitoring/reports/MONTHLY/03390/2026/",  # a year in a monthly set
        "/monitoring/reports/NOPE/03390/202601/",
        "/monitoring/reports/MONTHLY/12/202601/",  # the province does not report it
    ],
)
def test_a_form_that_does_not_exist_is_not_found(users, catalogue, path):
    client = _client(users[Role.CENTER_STAFF])
    assert client.get(path).status_code == 404


def test_enterprises_may_not_open_forms(users, catalogue, own_unit):
    client = _client(users[Role.ENTERPRISE])
    assert client.get(_url(own_unit)).status_code == 403


@pytest.mark.parametrize("role", [Role.UNIT_REPORTER, Role.CENTER_STAFF, Role.LEADER])
def test_the_form_page_has_no_inline_code(users, catalogue, own_unit, role):
    client = _client(users[role])
    html = client.get(_url(own_unit)).content.decode()
    assert EXTERNAL.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []


def test_evidence_goes_only_to_those_who_may_read_the_value(users, catalogue, own_unit, other_unit):
    # given: a value with evidence in the reporter's ward, and a reporter of the neighbour
    default = CategoryOption.objects.get(code="default")
    upload = SimpleUploadedFile("bien-ban.pdf", PDF)
    entry = reports.FormEntry(catalogue.startups, default, "3", evidence=upload)
    reports.save_report_values(
        actor=users[Role.UNIT_REPORTER], data_set=catalogue.monthly, org_unit=own_unit,
        period="202601", entries=[entry],
    )  # fmt: skip
    url = f"/monitoring/reports/evidence/{DataValue.objects.get().pk}/"
    neighbour = UserFactory(role=Role.UNIT_REPORTER, org_unit=other_unit)
    # when
    statuses = {role: _client(users[role]).get(url).status_code for role in Role}
    # then
    assert statuses == {
        Role.ADMINISTRATOR: 200, Role.CENTER_STAFF: 200, Role.LEADER: 200,
        Role.UNIT_REPORTER: 200, Role.ENTERPRISE: 403,
    }  # fmt: skip
    assert _client(neighbour).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_a_changed_comment_goes_to_every_value_of_its_element(users, catalogue, own_unit):
    # given: two values of one element, with a comment
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.trainees, "FEMALE")] = "4"
    fields[_cell(catalogue.trainees, "MALE")] = "5"
    fields[f"comment-{catalogue.trainees.pk}"] = "Lớp 1"
    _post(client, own_unit, fields)
    # when: only the comment changes (a browser sends CRLF line ends)
    fields = _open(client, own_unit)
    assert fields[f"comment-{catalogue.trainees.pk}"] == "Lớp 1"
    fields[f"comment-{catalogue.trainees.pk}"] = "Lớp 1\r\nLớp 2"
    response = _post(client, own_unit, fields)
    # then
    assert response.status_code == 302
    stored = DataValue.objects.order_by("option__code").values_list("comment", "version")
    assert list(stored) == [("Lớp 1\nLớp 2", 2), ("Lớp 1\nLớp 2", 2)]


def test_saving_an_unchanged_form_changes_nothing(users, catalogue, own_unit):
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    fields[_cell(catalogue.startups)] = "1234.5"  # not whole: refused, then corrected
    assert _post(client, own_unit, fields).status_code == 200
    fields[_cell(catalogue.startups)] = "1234"
    _post(client, own_unit, fields)
    before = _everything()
    response = _post(client, own_unit, _open(client, own_unit))
    assert response.status_code == 302
    assert _everything() == before
    assert "Nothing to save: no value was changed." in client.get(response.url).text


def test_a_yes_no_element_is_a_choice(users, catalogue, own_unit):
    # given
    portal = DataElement.objects.create(code="PORTAL", name="Có cổng dữ liệu", value_type="boolean")
    catalogue.monthly.elements.add(portal)
    client = _client(users[Role.UNIT_REPORTER])
    fields = _open(client, own_unit)
    assert fields[_cell(portal)] == ""
    # when
    fields[_cell(portal)] = "yes"
    _post(client, own_unit, fields)
    # then
    assert DataValue.objects.get(data_element=portal).value == 1
    assert _open(client, own_unit)[_cell(portal)] == "yes"


PAGES = {
    ("open", "own"): (200, 200, 200, 200, 403, 302),
    ("open", "other"): (200, 200, 200, 404, 403, 302),
    ("save", "own"): (302, 302, 403, 302, 403, 302),
    ("save", "other"): (302, 302, 403, 404, 403, 302),
    ("submit", "own"): (302, 302, 403, 302, 403, 302),
    ("approve", "own"): (302, 302, 403, 403, 403, 302),
    ("approve", "other"): (302, 302, 403, 404, 403, 302),
    ("unlock", "own"): (302, 302, 403, 403, 403, 302),
}


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_report_form_pages_matrix(case, users, catalogue, own_unit, other_unit):  # type: ignore[no-untyped-def]
    # given
    unit = own_unit if case.target == "own" else other_unit
    start = {"approve": "submitted", "unlock": "approved"}.get(case.action)
    if start:
        Submission.objects.create(
            data_set=catalogue.monthly, org_unit=unit, period="202601", status=start
        )
    client = _client(users[case.role]) if case.role else Client()
    before = _everything()
    # when
    if case.action == "open":
        response = client.get(_url(unit))
    else:
        body = {"action": case.action, "reason": "Sửa số liệu", _cell(catalogue.startups): "3"}
        response = client.post(_url(unit), body)
    # then
    assert response.status_code == case.status
    if case.denied:
        assert _everything() == before
