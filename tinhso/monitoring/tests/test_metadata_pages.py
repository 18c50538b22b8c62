"""The monitoring configuration pages: every list, detail and form renders under the strict CSP,
writes go through the services, buttons show only to those who may use them, and a list costs
the same number of queries however long it is."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.monitoring import metadata
from tinhso.monitoring.metadata import OptionSpec
from tinhso.monitoring.models import Category, DataElement, Indicator, Target, ValidationRule

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
SETUP = "/monitoring/setup"


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    """Pages speak the language of the cookie; these tests read English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def configured(users, catalogue, lai_chau):  # type: ignore[no-untyped-def]
    """The catalogue plus a group, an indicator in it, a 2030 target for the province and a
    validation rule."""
    staff = users[Role.CENTER_STAFF]
    group = metadata.create_indicator_group(actor=staff, code="NQ57", name="Nghị quyết 57")
    indicator = metadata.create_indicator(
        actor=staff, code="WOMEN_SHARE", name="Tỷ lệ nữ được tập huấn",
        numerator="#{TRAINEES.FEMALE}", denominator="#{TRAINEES}", factor=Decimal(100),
        groups=[group],
    )  # fmt: skip
    target = metadata.create_target(
        actor=staff, indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal("95.5"),
        baseline=Decimal(40), baseline_year=2025,
    )  # fmt: skip
    metadata.create_validation_rule(
        actor=staff, code="FEMALE_LE_TOTAL", name="Số nữ không vượt quá tổng số",
        left="#{TRAINEES.FEMALE}", operator="<=", right="#{TRAINEES}",
    )  # fmt: skip
    return target


def _pages(target: Target) -> list[str]:
    objects = [
        ("categories", "SEX"), ("elements", "TRAINEES"), ("groups", "NQ57"),
        ("indicators", "WOMEN_SHARE"), ("datasets", "MONTHLY"), ("targets", target.pk),
        ("rules", "FEMALE_LE_TOTAL"),
    ]  # fmt: skip
    pages = [f"{SETUP}/"]
    for kind, key in objects:
        pages += [f"{SETUP}/{kind}/", f"{SETUP}/{kind}/{key}/"]
    return pages


def _forms(target: Target) -> list[str]:
    return [
        page + suffix
        for page in _pages(target)[1:]
        for suffix in (["add/"] if page.count("/") == 4 else ["edit/"])
    ]


def _assert_strict_page(html: str) -> None:
    assert EXTERNAL.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.CENTER_STAFF, Role.LEADER, Role.UNIT_REPORTER]
)
def test_every_reader_opens_every_list_and_detail(client, users, configured, role):
    # given
    sign_in(client, users, role)
    for page in _pages(configured):
        # when
        response = client.get(page)
        # then
        assert response.status_code == 200, page
        _assert_strict_page(response.content.decode())


def test_every_form_renders_for_the_center(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    for page in _forms(configured):
        # when
        response = client.get(page)
        # then
        assert response.status_code == 200, page
        _assert_strict_page(response.content.decode())


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER])
def test_readers_see_no_buttons_and_cannot_open_forms(client, users, configured, role):
    # given
    sign_in(client, users, role)
    # when
    pages = [client.get(page).content.decode() for page in _pages(configured)]
    forms = [client.get(page).status_code for page in _forms(configured)]
    # then
    assert [page for page in pages if 'data-testid="add"' in page] == []
    assert [page for page in pages if 'data-testid="edit"' in page] == []
    assert [page for page in pages if 'data-testid="delete"' in page] == []
    assert set(forms) == {403}


def test_the_center_sees_the_buttons(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    assert 'data-testid="add"' in client.get(f"{SETUP}/elements/").content.decode()
    detail = client.get(f"{SETUP}/elements/TRAINEES/").content.decode()
    assert 'data-testid="edit"' in detail
    assert 'data-testid="delete"' in detail


def test_the_built_in_category_is_not_listed_nor_editable(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    listed = client.get(f"{SETUP}/categories/").content.decode()
    assert ">SEX<" in listed
    assert "/categories/default/" not in listed
    detail = client.get(f"{SETUP}/categories/default/").content.decode()
    assert 'data-testid="edit"' not in detail


def test_an_indicator_page_shows_expressions_groups_and_targets(client, users, configured):
    # given
    sign_in(client, users, Role.LEADER)
    # when
    html = client.get(f"{SETUP}/indicators/WOMEN_SHARE/").content.decode()
    # then
    assert "<code>#{TRAINEES.FEMALE}</code>" in html
    assert "<code>#{TRAINEES}</code>" in html
    assert 'href="/monitoring/setup/elements/TRAINEES/"' in html
    assert 'href="/monitoring/setup/groups/NQ57/"' in html
    assert f'href="/monitoring/setup/targets/{configured.pk}/">2030</a>' in html
    assert "95.5" in html


def test_a_data_set_page_shows_elements_and_reporting_units(client, users, configured):
    sign_in(client, users, Role.UNIT_REPORTER)
    html = client.get(f"{SETUP}/datasets/MONTHLY/").content.decode()
    assert "2 data elements" in html
    assert "38 reporting units" in html
    assert 'href="/monitoring/setup/elements/STARTUPS/"' in html
    assert 'href="/orgunits/03388/"' in html


def test_an_element_page_shows_its_data_sets_and_indicators(client, users, configured):
    sign_in(client, users, Role.UNIT_REPORTER)
    html = client.get(f"{SETUP}/elements/TRAINEES/").content.decode()
    assert 'href="/monitoring/setup/datasets/MONTHLY/"' in html
    assert "38 units" in html
    assert 'href="/monitoring/setup/indicators/WOMEN_SHARE/"' in html
    assert "Nữ, Nam" in html


def test_a_rule_page_shows_both_sides_and_the_elements_it_involves(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    # when
    html = client.get(f"{SETUP}/rules/FEMALE_LE_TOTAL/").content.decode()
    # then
    assert (
        '<p class="fs-5 mb-1" data-testid="rule"><code>#{TRAINEES.FEMALE}</code> '
        "<strong>&lt;=</strong> <code>#{TRAINEES}</code></p>"
    ) in html
    assert "Less than or equal to" in html
    assert '<h1 class="h3 mb-1" data-testid="object-name">Số nữ không vượt quá tổng số</h1>' in html
    assert 'href="/monitoring/setup/elements/TRAINEES/"' in html
    assert 'href="/monitoring/setup/elements/STARTUPS/"' not in html
    assert re.search(r'data-testid="audit-history">\s*<li class="list-group-item">', html)


def test_an_element_page_links_the_rules_over_it(client, users, configured):
    sign_in(client, users, Role.LEADER)
    html = client.get(f"{SETUP}/elements/TRAINEES/").content.decode()
    assert 'href="/monitoring/setup/rules/FEMALE_LE_TOTAL/"' in html


def test_the_setup_index_links_the_validation_rules(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"{SETUP}/").content.decode()
    assert '<a href="/monitoring/setup/rules/">Validation rules</a>' in html
    assert 'href="/monitoring/setup/rules/add/"' in html


@pytest.mark.parametrize("query", ["female_le", "số nữ", "#{TRAINEES.FEMALE"])
def test_rules_are_found_by_code_message_or_element(client, users, configured, query):
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"{SETUP}/rules/", {"q": query}, HTTP_HX_REQUEST="true").content.decode()
    assert "1 item" in html
    assert ">FEMALE_LE_TOTAL<" in html


def test_a_search_refreshes_only_the_table(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    # when
    response = client.get(f"{SETUP}/elements/?q=train", HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="metadata-table"')
    assert "1 item" in html
    assert ">TRAINEES<" in html
    assert ">STARTUPS<" not in html


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("elements/?data_set=YEARLY", [">ONLINE_RATE<"]),
        ("elements/?category=SEX", [">TRAINEES<"]),
        ("indicators/?group=NQ57", [">WOMEN_SHARE<"]),
        ("datasets/?element=ONLINE_RATE", [">YEARLY<"]),
        ("datasets/?period_type=monthly", [">MONTHLY<"]),
        ("targets/?year=2030&org_unit=12", ['">2030<']),
    ],
)
def test_filters_narrow_the_lists(client, users, configured, query, codes):
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"{SETUP}/{query}", HTTP_HX_REQUEST="true").content.decode()
    assert "1 item" in html
    assert all(code in html for code in codes)


LISTS = ["categories", "elements", "groups", "indicators", "datasets", "targets", "rules"]


def _add_rows(users, lai_chau, prefix: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` more rows in every list, each with its related rows."""
    staff = users[Role.CENTER_STAFF]
    for number in range(count):
        code = f"{prefix}{number}"
        metadata.create_category(
            actor=staff, code=code, name=code, options=[OptionSpec("A", "A"), OptionSpec("B", "B")]
        )
        element = metadata.create_data_element(
            actor=staff, code=code, name=code, value_type="number",
            category=Category.objects.get(code=code),
        )  # fmt: skip
        group = metadata.create_indicator_group(actor=staff, code=code, name=code)
        indicator = metadata.create_indicator(
            actor=staff, code=code, name=code, numerator=f"#{{{code}}}", groups=[group]
        )
        metadata.create_data_set(
            actor=staff, code=code, name=code, period_type="yearly", elements=[element],
            org_units=[lai_chau],
        )  # fmt: skip
        metadata.create_target(
            actor=staff, indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal(1)
        )
        metadata.create_validation_rule(
            actor=staff, code=code, name=code, left=f"#{{{code}.A}}", operator="<=",
            right=f"#{{{code}}}",
        )  # fmt: skip


def _queries(client, page: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_lists_cost_a_fixed_number_of_queries(client, users, configured, lai_chau):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    _add_rows(users, lai_chau, "FEW", 1)
    few = {kind: _queries(client, f"{SETUP}/{kind}/") for kind in LISTS}
    # when
    _add_rows(users, lai_chau, "MANY", 6)
    many = {kind: _queries(client, f"{SETUP}/{kind}/") for kind in LISTS}
    # then
    assert many == few
    assert few == {
        "categories": 8, "elements": 9, "groups": 7, "indicators": 9, "datasets": 8, "targets": 8,
        "rules": 7,
    }  # fmt: skip


# Forms write through the services


def test_a_data_element_is_created_from_the_form(client, users, catalogue):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "SMART_SCHOOLS", "name": "Trường học thông minh", "value_type": "integer",
        "aggregation": "sum", "direction": "higher",
        "category": Category.objects.get(code="SEX").pk,
    }  # fmt: skip
    # when
    response = client.post(f"{SETUP}/elements/add/", body)
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}/elements/SMART_SCHOOLS/"
    element = DataElement.objects.get(code="SMART_SCHOOLS")
    assert element.category.code == "SEX"
    entries = AuditEntry.objects.filter(content_type__model="dataelement", action="create")
    assert list(entries.values_list("object_id", flat=True)) == [str(element.pk)]


def test_a_category_is_created_with_options_typed_one_a_line(client, users, catalogue):
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "ETHNIC", "name": "Dân tộc",
        "options": "MINORITY | Dân tộc thiểu số | Ethnic minority\n\nKINH|Kinh\n",
    }  # fmt: skip
    response = client.post(f"{SETUP}/categories/add/", body)
    assert response.status_code == 302
    options = Category.objects.get(code="ETHNIC").options.order_by("sort_order")
    assert list(options.values_list("code", "name", "name_en")) == [
        ("MINORITY", "Dân tộc thiểu số", "Ethnic minority"), ("KINH", "Kinh", ""),
    ]  # fmt: skip


def test_a_bad_expression_is_shown_on_its_field_and_nothing_is_saved(client, users, catalogue):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "IND", "name": "I", "numerator": "#{STARTUPS} + #{NOPE}", "denominator": "1",
        "factor": "1", "decimals": "1", "direction": "higher", "green_from": "100",
        "amber_from": "80",
    }  # fmt: skip
    before = state_of(Indicator.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(f"{SETUP}/indicators/add/", body)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    error = "Unknown data element &#x27;NOPE&#x27; at position 14"
    assert f'<div class="invalid-feedback d-block">{error}</div>' in html
    assert state_of(Indicator.objects.all(), AuditEntry.objects.all()) == before


def test_a_validation_rule_is_created_from_the_form(client, users, catalogue):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "FEMALE_LE_TOTAL", "name": "Số nữ không vượt quá tổng số",
        "left": "#{TRAINEES.FEMALE}", "operator": "<=", "right": "#{TRAINEES}",
    }  # fmt: skip
    # when
    response = client.post(f"{SETUP}/rules/add/", body)
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}/rules/FEMALE_LE_TOTAL/"
    rule = ValidationRule.objects.get()
    assert (rule.left, rule.operator, rule.right) == ("#{TRAINEES.FEMALE}", "<=", "#{TRAINEES}")
    entries = AuditEntry.objects.filter(content_type__model="validationrule", action="create")
    assert list(entries.values_list("object_id", flat=True)) == [str(rule.pk)]


def test_a_rule_form_shows_each_side_error_and_saves_nothing(client, users, catalogue):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {"code": "R", "name": "R", "left": "1", "operator": ">=", "right": "#{NOPE} + 1"}
    before = state_of(ValidationRule.objects.all(), AuditEntry.objects.all())
    # when
    first = client.post(f"{SETUP}/rules/add/", body).content.decode()
    second = client.post(f"{SETUP}/rules/add/", {**body, "right": "0"}).content.decode()
    # then
    error = "Unknown data element &#x27;NOPE&#x27; at position 0"
    assert f'<div class="invalid-feedback d-block">{error}</div>' in first
    error = "Name a data element on at least one side."
    assert f'<div class="invalid-feedback d-block">{error}</div>' in second
    assert state_of(ValidationRule.objects.all(), AuditEntry.objects.all()) == before


def test_a_rule_is_edited_and_deleted_through_the_pages(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "FEMALE_LT_TOTAL", "name": "Số nữ ít hơn tổng số", "left": "#{TRAINEES.FEMALE}",
        "operator": "<", "right": "#{TRAINEES}",
    }  # fmt: skip
    # when
    edited = client.post(f"{SETUP}/rules/FEMALE_LE_TOTAL/edit/", body)
    deleted = client.post(f"{SETUP}/rules/FEMALE_LT_TOTAL/delete/")
    # then
    assert edited["Location"] == f"{SETUP}/rules/FEMALE_LT_TOTAL/"
    assert deleted["Location"] == f"{SETUP}/rules/"
    entries = AuditEntry.objects.filter(content_type__model="validationrule").order_by("pk")
    assert [entry.action for entry in entries] == ["create", "update", "delete"]
    assert not ValidationRule.objects.exists()


def test_a_fixed_code_is_shown_read_only_with_the_reason(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"{SETUP}/indicators/WOMEN_SHARE/edit/").content.decode()
    assert re.search(r'<input type="text" name="code" value="WOMEN_SHARE"[^>]* disabled', html)
    assert "Fixed: the indicator has targets." in html


def test_editing_through_the_form_keeps_a_fixed_code(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    body = {
        "code": "CHANGED", "name": "Tỷ lệ nữ", "numerator": "#{TRAINEES.FEMALE}",
        "denominator": "#{TRAINEES}", "factor": "100", "decimals": "1", "direction": "higher",
        "green_from": "100", "amber_from": "80",
        "groups": [g.pk for g in configured.indicator.groups.all()],
    }  # fmt: skip
    # when
    response = client.post(f"{SETUP}/indicators/WOMEN_SHARE/edit/", body)
    # then: a disabled field ignores what is posted
    assert response.status_code == 302
    indicator = Indicator.objects.get(pk=configured.indicator.pk)
    assert (indicator.code, indicator.name) == ("WOMEN_SHARE", "Tỷ lệ nữ")


def test_a_target_form_comes_with_the_indicator_chosen(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    html = client.get(f"{SETUP}/targets/add/?indicator=WOMEN_SHARE").content.decode()
    pk = configured.indicator.pk
    assert f'<option value="{pk}" selected>WOMEN_SHARE · Tỷ lệ nữ được tập huấn</option>' in html


def test_deleting_what_data_refer_to_is_refused_with_the_reason(client, users, configured):
    # given
    sign_in(client, users, Role.CENTER_STAFF)
    before = state_of(Indicator.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(f"{SETUP}/indicators/WOMEN_SHARE/delete/", follow=True)
    # then
    assert "It cannot be deleted: It has targets; delete them first." in response.content.decode()
    assert state_of(Indicator.objects.all(), AuditEntry.objects.all()) == before


def test_deleting_takes_a_post_only(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    assert client.get(f"{SETUP}/elements/STARTUPS/delete/").status_code == 405
    assert client.delete(f"{SETUP}/elements/STARTUPS/delete/").status_code == 405
    assert DataElement.objects.filter(code="STARTUPS").exists()


def test_deleting_a_target_then_its_indicator(client, users, configured):
    sign_in(client, users, Role.CENTER_STAFF)
    response = client.post(f"{SETUP}/targets/{configured.pk}/delete/")
    assert response["Location"] == f"{SETUP}/targets/"
    response = client.post(f"{SETUP}/indicators/WOMEN_SHARE/delete/")
    assert response["Location"] == f"{SETUP}/indicators/"
    assert not Indicator.objects.exists()
    assert AuditEntry.objects.filter(action="delete").count() == 2


# Who may do what on the pages (data elements stand for all six kinds: one base view each).
# Columns: administrator, center staff, leader, unit reporter, enterprise, anonymous.

PAGES = {
    ("list", "-"): (200, 200, 200, 200, 403, 302),
    ("detail", "-"): (200, 200, 200, 200, 403, 302),
    ("create", "-"): (302, 302, 403, 403, 403, 302),
    ("edit", "-"): (302, 302, 403, 403, 403, 302),
    ("delete", "-"): (302, 302, 403, 403, 403, 302),
}


def _page_request(client, action):  # type: ignore[no-untyped-def]
    element = f"{SETUP}/elements/ONLINE_RATE/"
    if action == "list":
        return client.get(f"{SETUP}/elements/")
    if action == "detail":
        return client.get(element)
    if action == "create":
        body = {"code": "NEW", "name": "Mới", "value_type": "number", "aggregation": "sum",
                "direction": "higher"}  # fmt: skip
        return client.post(f"{SETUP}/elements/add/", body)
    if action == "edit":
        body = {"code": "ONLINE_RATE", "name": "Tỷ lệ", "value_type": "percentage",
                "aggregation": "average", "direction": "higher"}  # fmt: skip
        return client.post(f"{element}edit/", body)
    if action == "delete":
        return client.post(f"{SETUP}/elements/SPARE/delete/")
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_metadata_pages_matrix(case, users, client, catalogue):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    metadata.create_data_element(actor=staff, code="SPARE", name="Dự phòng", value_type="number")
    sign_in(client, users, case.role)
    before = state_of(DataElement.objects.all(), AuditEntry.objects.all())
    # when
    response = _page_request(client, case.action)
    # then
    assert response.status_code == case.status, response.content[:2000]
    if case.denied:
        assert state_of(DataElement.objects.all(), AuditEntry.objects.all()) == before
