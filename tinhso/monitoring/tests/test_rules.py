"""Validation rules between a report's values, checked when the form is saved."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tinhso.core.roles import Role
from tinhso.monitoring.models import CategoryOption, DataValue, ValidationRule
from tinhso.monitoring.reports import FormEntry, save_report_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(catalogue: Any) -> ValidationRule:
    """Every startup the commune supported had at least one person trained."""
    return ValidationRule.objects.create(
        code="STARTUPS_LE_TRAINEES", name="Startups cannot outnumber the people trained",
        left="#{STARTUPS}", operator="<=", right="#{TRAINEES}",
    )  # fmt: skip


def entry(element: Any, option: str, value: str, version: int | None = None) -> FormEntry:
    return FormEntry(element, CategoryOption.objects.get(code=option), value, version=version)


def save(user: Any, catalogue: Any, unit: Any, entries: list[FormEntry]) -> Any:
    return save_report_values(
        actor=user, data_set=catalogue.monthly, org_unit=unit, period="202601", entries=entries
    )


def test_a_broken_rule_saves_nothing_and_says_so_beside_its_left_side(
    rule: ValidationRule, catalogue: Any, users: Any, own_unit: Any
) -> None:
    # when: 5 startups, 1 + 2 people trained
    summary = save(users[Role.UNIT_REPORTER], catalogue, own_unit, [
        entry(catalogue.startups, "default", "5"),
        entry(catalogue.trainees, "FEMALE", "1"),
        entry(catalogue.trainees, "MALE", "2"),
    ])  # fmt: skip
    # then
    assert [(c.field, c.message) for c in summary.conflicts] == [
        (
            "STARTUPS.default",
            "Startups cannot outnumber the people trained: 5 is not less than or equal to 3.",
        )
    ]
    assert DataValue.objects.count() == 0


def test_a_rule_that_holds_lets_the_form_save(
    rule: ValidationRule, catalogue: Any, users: Any, own_unit: Any
) -> None:
    summary = save(users[Role.UNIT_REPORTER], catalogue, own_unit, [
        entry(catalogue.startups, "default", "3"),
        entry(catalogue.trainees, "FEMALE", "1"),
        entry(catalogue.trainees, "MALE", "2"),
    ])  # fmt: skip
    assert (summary.imported, summary.conflicts) == (3, [])


def test_rules_see_the_values_already_stored(
    rule: ValidationRule, catalogue: Any, users: Any, own_unit: Any
) -> None:
    # given: the trainees were saved earlier
    reporter = users[Role.UNIT_REPORTER]
    save(reporter, catalogue, own_unit, [entry(catalogue.trainees, "MALE", "2")])
    # when: the startups come later, more than the trainees
    summary = save(reporter, catalogue, own_unit, [entry(catalogue.startups, "default", "4")])
    # then
    assert [c.message for c in summary.conflicts] == [
        "Startups cannot outnumber the people trained: 4 is not less than or equal to 2."
    ]
    assert DataValue.objects.filter(data_element=catalogue.startups).count() == 0


def test_a_rule_is_judged_only_once_all_its_values_are_in(
    rule: ValidationRule, catalogue: Any, users: Any, own_unit: Any
) -> None:
    # given: besides, a rule naming an element of another data set (never judged here)
    ValidationRule.objects.create(
        code="RATE", name="x", left="#{ONLINE_RATE}", operator=">", right="#{STARTUPS}"
    )
    # when: only startups are saved, more than the (not yet entered) trainees
    summary = save(
        users[Role.UNIT_REPORTER], catalogue, own_unit, [entry(catalogue.startups, "default", "9")]
    )
    # then
    assert summary.conflicts == []
    assert DataValue.objects.get().value == Decimal(9)


def test_the_form_page_shows_the_broken_rule_beside_the_cell(
    rule: ValidationRule, catalogue: Any, users: Any, own_unit: Any, client: Any
) -> None:
    # given: 2 people trained, saved earlier
    reporter = users[Role.UNIT_REPORTER]
    save(reporter, catalogue, own_unit, [entry(catalogue.trainees, "MALE", "2")])
    client.force_login(reporter)
    client.cookies["tinhso_language"] = "en"
    url = reverse("monitoring:report_form", args=["MONTHLY", "03388", "202601"])
    default = CategoryOption.objects.get(code="default")
    # when
    response = client.post(url, {
        "action": "save",
        f"value-{catalogue.startups.pk}-{default.pk}": "7",
        f"shown-{catalogue.startups.pk}-{default.pk}": "",
    })  # fmt: skip
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Startups cannot outnumber the people trained: 7 is not less than or equal to 2." in page
    assert DataValue.objects.count() == 1
