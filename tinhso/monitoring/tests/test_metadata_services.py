"""Defining what is measured: validation, fixed codes, deletion rules and the audit trail."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.core.testing import state_of
from tinhso.monitoring import metadata, references
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.metadata import OptionSpec
from tinhso.monitoring.models import (
    Category,
    CategoryOption,
    DataElement,
    Indicator,
    Submission,
    Target,
    ValidationRule,
)
from tinhso.monitoring.services import import_data_values

SEX = [OptionSpec("FEMALE", "Nữ", "Female"), OptionSpec("MALE", "Nam", "Male")]


@pytest.fixture
def staff(users):  # type: ignore[no-untyped-def]
    return users[Role.CENTER_STAFF]


def _errors(exc_info) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return exc_info.value.message_dict


def _report(element: str, option: str = "", value: str = "3") -> None:
    """A value reported for Phường Đoàn Kết in January 2026, through the real import."""
    row = RawValue(1, element, "202601", "03388", option, value)
    summary = import_data_values(actor=SYSTEM, values=[row])
    assert summary.conflicts == []


def _entries(obj) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("pk")
    return [(entry.action, entry.changes) for entry in entries]


# Data elements


def test_creating_a_data_element_is_audited(staff, catalogue):
    # when
    element = metadata.create_data_element(
        actor=staff, code="TRAINED_WOMEN", name="Phụ nữ được đào tạo", value_type="integer",
        category=Category.objects.get(code="SEX"), unit="người",
    )  # fmt: skip
    # then
    assert (element.aggregation, element.direction) == ("sum", "higher")
    [(action, changes)] = _entries(element)
    assert action == "create"
    assert changes["code"] == [None, "TRAINED_WOMEN"]
    assert changes["category"] == [None, "SEX"]


def test_a_duplicate_code_is_an_error_on_the_code(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_element(
            actor=staff, code="STARTUPS", name="Again", value_type="integer"
        )
    assert _errors(exc_info) == {"code": ["Data element with this Code already exists."]}


def test_an_element_code_cannot_hold_a_dot_nor_a_space(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_element(actor=staff, code="A.B", name="X", value_type="integer")
    assert _errors(exc_info) == {
        "code": ["A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}."]
    }
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_element(actor=staff, code="A B", name="X", value_type="integer")
    assert list(_errors(exc_info)) == ["code"]


def test_minimum_above_maximum_and_the_built_in_category_are_refused(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_element(
            actor=staff, code="X", name="X", value_type="number", min_value=Decimal(5),
            max_value=Decimal(1), category=Category.objects.get(code="default"),
        )  # fmt: skip
    assert _errors(exc_info) == {
        "category": ["Leave the disaggregation empty for values that are not split."],
        "max_value": ["The maximum is below the minimum."],
    }
    assert not DataElement.objects.filter(code="X").exists()


def test_an_unknown_value_type_is_a_field_error(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_element(actor=staff, code="X", name="X", value_type="text")
    assert list(_errors(exc_info)) == ["value_type"]


def test_updating_an_element_records_before_and_after(staff, catalogue):
    # when
    metadata.update_data_element(
        actor=staff, element=catalogue.startups, name="Khởi nghiệp", aggregation="last"
    )
    # then
    [(action, changes)] = _entries(catalogue.startups)
    assert action == "update"
    assert changes == {
        "name": ["Doanh nghiệp khởi nghiệp được hỗ trợ", "Khởi nghiệp"],
        "aggregation": ["sum", "last"],
    }


def test_an_update_that_changes_nothing_writes_no_entry(staff, catalogue):
    metadata.update_data_element(
        actor=staff, element=catalogue.startups, name="Doanh nghiệp khởi nghiệp được hỗ trợ"
    )
    assert _entries(catalogue.startups) == []


def test_an_unknown_field_is_refused(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_data_element(actor=staff, element=catalogue.startups, created_at=None)
    assert _errors(exc_info) == {"created_at": ["This field cannot be changed."]}


def test_code_category_and_value_type_are_fixed_once_values_exist(staff, catalogue):
    # given
    _report("TRAINEES", "FEMALE")
    trainees = catalogue.trainees
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_data_element(
            actor=staff, element=trainees, code="TRAINED", category=None, value_type="number"
        )
    # then
    reason = "Fixed: values have been reported for this data element."
    assert _errors(exc_info) == {"code": [reason], "category": [reason], "value_type": [reason]}
    trainees.refresh_from_db()
    assert (trainees.code, trainees.category.code, trainees.value_type) == (
        "TRAINEES", "SEX", "zero_or_positive_integer",
    )  # fmt: skip
    # and giving the same values again, as a form with disabled fields does, is fine
    metadata.update_data_element(
        actor=staff, element=trainees, code="TRAINEES", category=trainees.category, name="Học viên"
    )
    assert DataElement.objects.get(pk=trainees.pk).name == "Học viên"


def test_an_element_code_named_by_an_expression_is_fixed(staff, catalogue):
    # given
    metadata.create_indicator(actor=staff, code="IND", name="I", numerator="#{STARTUPS} * 2")
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_data_element(actor=staff, element=catalogue.startups, code="SU")
    # then
    assert _errors(exc_info) == {"code": ["Fixed: indicators use this code (IND)."]}
    assert metadata.fixed_fields(catalogue.trainees) == {}


def test_an_element_with_values_or_in_a_data_set_is_not_deleted(staff, catalogue):
    # given
    _report("STARTUPS")
    before = state_of(DataElement.objects.all(), AuditEntry.objects.all())
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.delete_data_element(actor=staff, element=catalogue.startups)
    # then
    assert exc_info.value.messages == [
        "Values have been reported for it.",
        "It belongs to data sets: MONTHLY.",
    ]
    assert state_of(DataElement.objects.all(), AuditEntry.objects.all()) == before


def test_an_unreferenced_element_is_deleted_and_the_entry_keeps_it(staff, catalogue):
    # given
    element = metadata.create_data_element(
        actor=staff, code="SPARE", name="Dự phòng", value_type="number"
    )
    pk = element.pk
    # when
    metadata.delete_data_element(actor=staff, element=element)
    # then
    assert not DataElement.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(pk))
    assert entry.changes["code"] == ["SPARE", None]


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER, Role.ENTERPRISE])
def test_only_the_center_defines_metadata(users, catalogue, role):
    # given
    before = state_of(DataElement.objects.all(), AuditEntry.objects.all())
    # when / then
    with pytest.raises(PermissionDenied):
        metadata.create_data_element(actor=users[role], code="X", name="X", value_type="number")
    with pytest.raises(PermissionDenied):
        metadata.update_data_element(actor=users[role], element=catalogue.startups, name="X")
    with pytest.raises(PermissionDenied):
        metadata.delete_data_element(actor=users[role], element=catalogue.online_rate)
    assert state_of(DataElement.objects.all(), AuditEntry.objects.all()) == before


# Indicators


@pytest.mark.parametrize(
    ("numerator", "message"),
    [
        ("#{STARTUPS} +", "Unexpected end of expression at position 13; expected "
                          "a number, a data element, a function or '('"),
        ("#{STARTUPS} ** 2", "Unexpected '*' at position 13; expected a number, a data "
                             "element, a function or '('"),
        ("#{STARTUPS} + #{NOPE}", "Unknown data element 'NOPE' at position 14"),
        ("#{TRAINEES.OTHER} / 2", "Data element 'TRAINEES' has no option 'OTHER' at position 0"),
        ("#{STARTUPS.FEMALE}", "Data element 'STARTUPS' has no option 'FEMALE' at position 0"),
        ("eval(1)", "Unknown function 'eval' at position 0"),
    ],
)  # fmt: skip
def test_a_bad_expression_is_an_error_on_its_field_naming_the_position(
    staff, catalogue, numerator, message
):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_indicator(actor=staff, code="IND", name="I", numerator=numerator)
    assert _errors(exc_info) == {"numerator": [message]}
    assert not Indicator.objects.exists()


def test_each_unknown_reference_is_named_once_left_to_right(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_indicator(
            actor=staff, code="IND", name="I", numerator="1",
            denominator="#{B} + #{A} + #{B} + #{TRAINEES.X}",
        )  # fmt: skip
    assert _errors(exc_info) == {
        "denominator": [
            "Unknown data element 'B' at position 0",
            "Unknown data element 'A' at position 7",
            "Data element 'TRAINEES' has no option 'X' at position 21",
        ]
    }


def test_an_indicator_over_options_and_totals_is_created_with_its_groups(staff, catalogue):
    # given
    group = metadata.create_indicator_group(actor=staff, code="NQ57", name="Nghị quyết 57")
    # when
    indicator = metadata.create_indicator(
        actor=staff, code="WOMEN_SHARE", name="Tỷ lệ nữ được tập huấn",
        numerator="#{TRAINEES.FEMALE}", denominator="#{TRAINEES.FEMALE} + #{TRAINEES.MALE}",
        factor=Decimal(100), groups=[group],
    )  # fmt: skip
    # then
    assert list(indicator.groups.values_list("code", flat=True)) == ["NQ57"]
    [(action, changes)] = _entries(indicator)
    assert (action, changes["groups"], changes["factor"]) == (
        "create",
        [None, ["NQ57"]],
        [None, "100"],
    )
    assert references.elements_named_by(indicator) == [catalogue.trainees]
    assert references.indicators_using(catalogue.trainees) == [indicator]


def test_an_undivided_element_is_known_under_the_default_option(staff, catalogue):
    indicator = metadata.create_indicator(
        actor=staff, code="IND", name="I", numerator="#{STARTUPS.default}"
    )
    assert indicator.pk is not None


def test_thresholds_and_factor_are_checked(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_indicator(
            actor=staff, code="IND", name="I", numerator="1", factor=Decimal(0),
            green_from=Decimal(70), amber_from=Decimal(90),
        )  # fmt: skip
    assert _errors(exc_info) == {
        "factor": ["The factor cannot be zero."],
        "amber_from": ["Amber starts above green."],
    }


def test_changing_groups_and_expressions_is_audited(staff, catalogue):
    # given
    first = metadata.create_indicator_group(actor=staff, code="G1", name="Nhóm 1")
    second = metadata.create_indicator_group(actor=staff, code="G2", name="Nhóm 2")
    indicator = metadata.create_indicator(
        actor=staff, code="IND", name="I", numerator="#{STARTUPS}", groups=[first]
    )
    # when
    metadata.update_indicator(
        actor=staff, indicator=indicator, numerator="#{STARTUPS} * 2", groups=[second, first]
    )
    # then
    assert _entries(indicator)[1] == (
        "update",
        {"numerator": ["#{STARTUPS}", "#{STARTUPS} * 2"], "groups": [["G1"], ["G1", "G2"]]},
    )


def test_an_indicator_code_is_fixed_once_it_has_targets_and_it_is_not_deleted(
    staff, catalogue, lai_chau
):
    # given
    indicator = metadata.create_indicator(actor=staff, code="IND", name="I", numerator="1")
    metadata.create_target(
        actor=staff, indicator=indicator, org_unit=lai_chau, year=2030, value=Decimal(10)
    )
    # when / then
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_indicator(actor=staff, indicator=indicator, code="IND2")
    assert _errors(exc_info) == {"code": ["Fixed: the indicator has targets."]}
    with pytest.raises(ValidationError) as exc_info:
        metadata.delete_indicator(actor=staff, indicator=indicator)
    assert exc_info.value.messages == ["It has targets; delete them first."]


def test_a_group_code_may_change_and_a_deleted_group_leaves_its_indicators(staff, catalogue):
    # given
    group = metadata.create_indicator_group(actor=staff, code="G1", name="Nhóm")
    indicator = metadata.create_indicator(
        actor=staff, code="IND", name="I", numerator="1", groups=[group]
    )
    # when
    metadata.update_indicator_group(actor=staff, group=group, code="G-ONE")
    metadata.delete_indicator_group(actor=staff, group=group)
    # then
    assert list(indicator.groups.all()) == []
    assert Indicator.objects.filter(code="IND").exists()
    deleted = AuditEntry.objects.get(action="delete", content_type__model="indicatorgroup")
    assert deleted.changes["indicators"] == [["IND"], None]


# Validation rules

MESSAGE = "Số nữ được tập huấn không vượt quá tổng số người được tập huấn"


def _rule(staff, **fields):  # type: ignore[no-untyped-def]
    values = {
        "code": "TRAINEES_FEMALE_LE_TOTAL", "name": MESSAGE, "left": "#{TRAINEES.FEMALE}",
        "operator": "<=", "right": "#{TRAINEES}", **fields,
    }  # fmt: skip
    return metadata.create_validation_rule(actor=staff, **values)


def test_creating_a_validation_rule_is_audited(staff, catalogue):
    # when
    rule = _rule(staff, description="Cả hai đều tính theo người.")
    # then
    [(action, changes)] = _entries(rule)
    assert action == "create"
    assert changes == {
        "code": [None, "TRAINEES_FEMALE_LE_TOTAL"], "national_code": [None, ""],
        "name": [None, MESSAGE], "name_en": [None, ""],
        "description": [None, "Cả hai đều tính theo người."], "left": [None, "#{TRAINEES.FEMALE}"],
        "operator": [None, "<="], "right": [None, "#{TRAINEES}"],
    }  # fmt: skip
    assert references.elements_named_by(rule) == [catalogue.trainees]
    assert references.rules_using(catalogue.trainees) == [rule]


def test_both_sides_of_a_rule_are_checked_like_indicator_expressions(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        _rule(staff, left="#{STARTUPS} +", right="#{B} + #{TRAINEES.X} + #{STARTUPS.FEMALE}")
    assert _errors(exc_info) == {
        "left": [
            "Unexpected end of expression at position 13; expected a number, a data element, "
            "a function or '('"
        ],
        "right": [
            "Unknown data element 'B' at position 0",
            "Data element 'TRAINEES' has no option 'X' at position 7",
            "Data element 'STARTUPS' has no option 'FEMALE' at position 23",
        ],
    }
    assert not ValidationRule.objects.exists()


def test_a_rule_needs_a_code_without_dot_an_operator_and_both_sides(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        _rule(staff, code="A.B", operator="=<", right="")
    assert _errors(exc_info) == {
        "code": ["A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}."],
        "operator": ["Value '=<' is not a valid choice."],
        "right": ["This field cannot be blank."],
    }
    assert not ValidationRule.objects.exists()


@pytest.mark.parametrize(("left", "right"), [("1", "1"), ("2 * 3", "greatest(1, 2)")])
def test_a_rule_between_constants_is_refused(staff, catalogue, left, right):
    with pytest.raises(ValidationError) as exc_info:
        _rule(staff, left=left, right=right)
    assert _errors(exc_info) == {"left": ["Name a data element on at least one side."]}
    assert not ValidationRule.objects.exists()


def test_a_constant_side_against_an_element_is_a_rule(staff, catalogue):
    rule = _rule(staff, left="#{STARTUPS}", operator=">=", right="0")
    assert references.elements_named_by(rule) == [catalogue.startups]


def test_a_rule_is_changed_and_deleted_with_its_history(staff, catalogue):
    # given
    rule = _rule(staff)
    pk = rule.pk
    # when
    metadata.update_validation_rule(actor=staff, rule=rule, code="FEMALE_LE_TOTAL", operator="<")
    metadata.update_validation_rule(actor=staff, rule=rule, operator="<")
    metadata.delete_validation_rule(actor=staff, rule=rule)
    # then
    entries = AuditEntry.objects.filter(content_type__model="validationrule", object_id=str(pk))
    assert [(e.action, e.changes) for e in entries.order_by("pk")][1:] == [
        ("update", {
            "code": ["TRAINEES_FEMALE_LE_TOTAL", "FEMALE_LE_TOTAL"], "operator": ["<=", "<"],
        }),
        ("delete", {
            "code": ["FEMALE_LE_TOTAL", None], "national_code": ["", None],
            "name": [MESSAGE, None], "name_en": ["", None], "description": ["", None],
            "left": ["#{TRAINEES.FEMALE}", None], "operator": ["<", None],
            "right": ["#{TRAINEES}", None],
        }),
    ]  # fmt: skip
    assert not ValidationRule.objects.exists()


def test_a_bad_change_to_a_rule_changes_nothing(staff, catalogue):
    # given
    rule = _rule(staff)
    before = state_of(ValidationRule.objects.all(), AuditEntry.objects.all())
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_validation_rule(actor=staff, rule=rule, left="1", right="0", factor=1)
    # then
    assert _errors(exc_info) == {"factor": ["This field cannot be changed."]}
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_validation_rule(actor=staff, rule=rule, left="1", right="0")
    assert _errors(exc_info) == {"left": ["Name a data element on at least one side."]}
    assert state_of(ValidationRule.objects.all(), AuditEntry.objects.all()) == before


def test_what_a_rule_names_keeps_its_code_and_is_not_deleted(staff, catalogue):
    # given
    _rule(staff, left="#{STARTUPS} + #{TRAINEES.MALE}", right="1000")
    sex = Category.objects.get(code="SEX")
    before = state_of(
        DataElement.objects.all(), CategoryOption.objects.all(), AuditEntry.objects.all()
    )
    # when / then
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_data_element(actor=staff, element=catalogue.startups, code="SU")
    assert _errors(exc_info) == {
        "code": ["Fixed: validation rules use this code (TRAINEES_FEMALE_LE_TOTAL)."]
    }
    with pytest.raises(ValidationError) as exc_info:
        metadata.delete_data_element(actor=staff, element=catalogue.startups)
    assert exc_info.value.messages == [
        "It belongs to data sets: MONTHLY.",
        "Validation rules use it: TRAINEES_FEMALE_LE_TOTAL.",
    ]
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_category(actor=staff, category=sex, options=[OptionSpec("FEMALE", "Nữ")])
    assert _errors(exc_info) == {
        "options": ["Validation rules use option MALE: TRAINEES_FEMALE_LE_TOTAL."]
    }
    assert (
        state_of(DataElement.objects.all(), CategoryOption.objects.all(), AuditEntry.objects.all())
        == before
    )


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER, Role.ENTERPRISE])
def test_only_the_center_writes_validation_rules(users, catalogue, role):
    # given
    rule = _rule(users[Role.CENTER_STAFF])
    before = state_of(ValidationRule.objects.all(), AuditEntry.objects.all())
    # when / then
    with pytest.raises(PermissionDenied):
        _rule(users[role], code="OTHER")
    with pytest.raises(PermissionDenied):
        metadata.update_validation_rule(actor=users[role], rule=rule, operator="<")
    with pytest.raises(PermissionDenied):
        metadata.delete_validation_rule(actor=users[role], rule=rule)
    assert state_of(ValidationRule.objects.all(), AuditEntry.objects.all()) == before


# Categories


def test_a_category_is_created_with_its_options_in_order(staff, catalogue):
    # when
    category = metadata.create_category(
        actor=staff, code="ETHNIC", name="Dân tộc",
        options=[OptionSpec("MINORITY", "Dân tộc thiểu số"), OptionSpec("KINH", "Kinh")],
    )  # fmt: skip
    # then
    assert list(category.options.values_list("code", "sort_order")) == [
        ("MINORITY", 1), ("KINH", 2),
    ]  # fmt: skip
    [(action, changes)] = _entries(category)
    assert action == "create"
    assert changes["options"] == [None, ["MINORITY: Dân tộc thiểu số", "KINH: Kinh"]]


def test_option_problems_are_named_on_the_options_field(staff, catalogue):
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_category(
            actor=staff, code="SEX", name="Again",
            options=[OptionSpec("F", "Nữ"), OptionSpec("F", "Nữ"), OptionSpec("A.B", "")],
        )  # fmt: skip
    assert _errors(exc_info) == {
        "code": ["Disaggregation category with this Code already exists."],
        "options": [
            "Option 2 (F): This code appears twice.",
            "Option 3 (A.B): This field cannot be blank.",
            "Option 3 (A.B): A code here cannot contain a dot: expressions read #{ELEMENT.OPTION}.",
        ],
    }
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_category(actor=staff, code="EMPTY", name="Rỗng", options=[])
    assert _errors(exc_info) == {"options": ["Give at least one option."]}


def test_options_are_matched_by_code_renamed_reordered_and_added(staff, catalogue):
    # given
    sex = Category.objects.get(code="SEX")
    female = sex.options.get(code="FEMALE")
    # when
    metadata.update_category(
        actor=staff, category=sex,
        options=[
            OptionSpec("MALE", "Nam"), OptionSpec("FEMALE", "Phụ nữ"), OptionSpec("OTHER", "Khác"),
        ],
    )  # fmt: skip
    # then
    assert list(sex.options.order_by("sort_order").values_list("code", "name")) == [
        ("MALE", "Nam"), ("FEMALE", "Phụ nữ"), ("OTHER", "Khác"),
    ]  # fmt: skip
    assert sex.options.get(code="FEMALE").pk == female.pk
    [(action, changes)] = _entries(sex)
    assert action == "update"
    assert changes == {
        "options": [["FEMALE: Nữ", "MALE: Nam"], ["MALE: Nam", "FEMALE: Phụ nữ", "OTHER: Khác"]]
    }


def test_an_option_with_values_or_named_by_an_expression_stays(staff, catalogue):
    # given
    _report("TRAINEES", "FEMALE")
    metadata.create_indicator(actor=staff, code="MEN", name="Nam", numerator="#{TRAINEES.MALE}")
    sex = Category.objects.get(code="SEX")
    before = state_of(CategoryOption.objects.all(), AuditEntry.objects.all())
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_category(
            actor=staff, category=sex, code="GENDER", options=[OptionSpec("OTHER", "Khác")]
        )
    # then
    assert _errors(exc_info) == {"code": ["Fixed: its options hold reported values."]}
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_category(actor=staff, category=sex, options=[OptionSpec("OTHER", "Khác")])
    assert _errors(exc_info) == {
        "options": [
            "Option FEMALE holds reported values; it cannot be removed.",
            "Indicators use option MALE: MEN.",
        ]
    }
    assert state_of(CategoryOption.objects.all(), AuditEntry.objects.all()) == before


def test_the_built_in_category_cannot_be_changed_or_deleted(staff, catalogue):
    default = Category.objects.get(code="default")
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_category(actor=staff, category=default, name="X")
    assert exc_info.value.messages == ["The built-in category cannot be changed."]
    with pytest.raises(ValidationError):
        metadata.delete_category(actor=staff, category=default)
    with pytest.raises(ValidationError) as exc_info:
        metadata.delete_category(actor=staff, category=Category.objects.get(code="SEX"))
    assert exc_info.value.messages == ["Data elements use it: TRAINEES."]


def test_an_unused_category_is_deleted_with_its_options(staff, catalogue):
    # given
    category = metadata.create_category(
        actor=staff, code="AGE", name="Tuổi", options=[OptionSpec("YOUNG", "Thanh niên")]
    )
    pk = category.pk
    # when
    metadata.delete_category(actor=staff, category=category)
    # then
    assert not CategoryOption.objects.filter(category_id=pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(pk))
    assert entry.changes["options"] == [["YOUNG: Thanh niên"], None]


# Data sets


def test_a_data_set_needs_elements_and_units_in_force(staff, catalogue, own_unit):
    # given
    own_unit.valid_to = own_unit.valid_from or own_unit.updated_at.date()
    own_unit.save()
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_data_set(
            actor=staff, code="Q", name="Quý", period_type="quarterly", elements=[],
            org_units=[own_unit], deadline_days=10,
        )  # fmt: skip
    # then
    assert _errors(exc_info) == {
        "elements": ["Choose at least one data element."],
        "org_units": ["These units no longer exist: 03388."],
    }


def test_a_data_set_is_created_and_its_membership_audited(staff, catalogue, own_unit, other_unit):
    # when
    data_set = metadata.create_data_set(
        actor=staff, code="Q", name="Quý", period_type="quarterly",
        elements=[catalogue.trainees, catalogue.startups], org_units=[other_unit, own_unit],
        deadline_days=10, late_days=20,
    )  # fmt: skip
    # then
    [(action, changes)] = _entries(data_set)
    assert action == "create"
    assert changes["elements"] == [None, ["STARTUPS", "TRAINEES"]]
    assert changes["org_units"] == [None, ["03388", "03390"]]
    assert (changes["deadline_days"], changes["late_days"]) == ([None, 10], [None, 20])


def test_code_and_period_type_are_fixed_once_units_have_reports(staff, catalogue, own_unit):
    # given
    Submission.objects.create(data_set=catalogue.monthly, org_unit=own_unit, period="202601")
    # when
    with pytest.raises(ValidationError) as exc_info:
        metadata.update_data_set(
            actor=staff, data_set=catalogue.monthly, code="M", period_type="quarterly"
        )
    # then
    reason = "Fixed: units have reports of this data set."
    assert _errors(exc_info) == {"code": [reason], "period_type": [reason]}
    with pytest.raises(ValidationError) as exc_info:
        metadata.delete_data_set(actor=staff, data_set=catalogue.monthly)
    assert exc_info.value.messages == ["Units have reports of it."]
    # other fields still change
    metadata.update_data_set(actor=staff, data_set=catalogue.monthly, elements=[catalogue.startups])
    assert list(catalogue.monthly.elements.all()) == [catalogue.startups]


# Targets


def test_a_2030_target_with_its_baseline_is_audited_under_its_unit(staff, catalogue, own_unit):
    # given
    indicator = metadata.create_indicator(actor=staff, code="IND", name="I", numerator="1")
    # when
    target = metadata.create_target(
        actor=staff, indicator=indicator, org_unit=own_unit, year=2030, value=Decimal("95.5"),
        baseline=Decimal(40), baseline_year=2025,
    )  # fmt: skip
    # then
    entry = AuditEntry.objects.get(content_type__model="target")
    assert entry.org_unit == own_unit
    assert entry.changes == {
        "year": [None, 2030], "value": [None, "95.5"], "baseline": [None, "40"],
        "baseline_year": [None, 2025], "indicator": [None, "IND"], "org_unit": [None, "03388"],
    }  # fmt: skip
    assert Target.objects.get() == target


def test_target_rules(staff, catalogue, own_unit):
    # given
    indicator = metadata.create_indicator(actor=staff, code="IND", name="I", numerator="1")
    metadata.create_target(
        actor=staff, indicator=indicator, org_unit=own_unit, year=2030, value=Decimal(1)
    )
    # when / then
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_target(
            actor=staff, indicator=indicator, org_unit=own_unit, year=2030, value=Decimal(2),
            baseline=Decimal(1),
        )  # fmt: skip
    assert _errors(exc_info) == {
        "year": ["This indicator already has a target for this unit and year."],
        "baseline_year": ["Give the year of the baseline."],
    }
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_target(
            actor=staff, indicator=indicator, org_unit=own_unit, year=2026, value=Decimal(2),
            baseline_year=2027,
        )  # fmt: skip
    assert _errors(exc_info) == {
        "baseline": ["Give the baseline value."],
        "baseline_year": ["The baseline is after the target year."],
    }
    with pytest.raises(ValidationError) as exc_info:
        metadata.create_target(
            actor=staff, indicator=indicator, org_unit=own_unit, year=3000, value=Decimal(2)
        )
    assert _errors(exc_info) == {"year": ["Give a year from 2000 to 2100."]}


def test_a_target_moves_to_another_year_and_is_deleted(staff, catalogue, own_unit):
    # given
    indicator = metadata.create_indicator(actor=staff, code="IND", name="I", numerator="1")
    target = metadata.create_target(
        actor=staff, indicator=indicator, org_unit=own_unit, year=2029, value=Decimal(1)
    )
    # when
    metadata.update_target(actor=staff, target=target, year=2030)
    metadata.delete_target(actor=staff, target=target)
    # then
    actions = AuditEntry.objects.filter(content_type__model="target").order_by("pk")
    assert [(e.action, e.changes.get("year")) for e in actions] == [
        ("create", [None, 2029]), ("update", [2029, 2030]), ("delete", [2030, None]),
    ]  # fmt: skip
    assert not Target.objects.exists()
