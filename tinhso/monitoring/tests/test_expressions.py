"""Indicator expressions: parsing, evaluation with missing data, validation, hostile input."""

import dataclasses
import random
from decimal import Decimal

import pytest

from tinhso.monitoring.expressions import ExpressionError, Reference, parse, validate

A = Reference("A")
B = Reference("B")
B_FEMALE = Reference("B", "FEMALE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 - 2 - 3", "5"),
        ("2 + 3 * 4", "14"),
        ("-2 * 3", "-6"),
        ("2 * -3", "-6"),
        ("(1 + 2) * 3", "9"),
        ("8 / 4 / 2", "1"),
        ("1 + 2 * 3 - 4 / 2", "5"),
        ("- -2", "2"),
        ("+2", "2"),
        ("-(2 - 5)", "3"),
        (" \t2\n*\r3 ", "6"),
    ],
)
def test_arithmetic_follows_precedence_and_left_associativity(text: str, expected: str) -> None:
    # when
    result = parse(text).evaluate({})

    # then
    assert result == Decimal(expected)


def test_decimals_are_exact() -> None:
    # when
    result = parse("0.1 + 0.2").evaluate({})

    # then
    assert isinstance(result, Decimal)
    assert result == Decimal("0.3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (".5 + 3.5", "4"),
        ("1e3", "1000"),
        ("2.5E-1", "0.25"),
        ("1 / 3", "0.3333333333333333333333333333"),
        ("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"),
    ],
)
def test_number_forms(text: str, expected: str) -> None:
    # when
    result = parse(text).evaluate({})

    # then
    assert result == Decimal(expected)


def test_references_with_and_without_options_are_looked_up() -> None:
    # given
    expression = parse("#{A} + #{B.FEMALE} * 2")

    # when
    result = expression.evaluate({A: Decimal(1), B_FEMALE: Decimal(3), B: Decimal(100)})

    # then
    assert result == Decimal(7)


def test_references_lists_every_reference_once() -> None:
    # when
    expression = parse("#{A} + #{A} + #{B.FEMALE} + #{B} + #{trainees_2026-q1.MALE}")

    # then
    assert expression.references == frozenset(
        {A, B_FEMALE, B, Reference("trainees_2026-q1", "MALE")}
    )


def test_text_and_str_are_the_original() -> None:
    # when
    expression = parse(" #{A}*2 ")

    # then
    assert expression.text == " #{A}*2 "
    assert str(expression) == " #{A}*2 "


def test_an_expression_is_immutable() -> None:
    # given
    expression = parse("1")

    # when / then
    with pytest.raises(dataclasses.FrozenInstanceError):
        expression.text = "2"  # type: ignore[misc]


@pytest.mark.parametrize("values", [{}, {A: None}, {A: Decimal("NaN")}, {A: Decimal("Infinity")}])
def test_arithmetic_with_a_missing_value_is_missing(
    values: dict[Reference, Decimal | None],
) -> None:
    # when
    result = parse("#{A} + 1").evaluate(values)

    # then
    assert result is None


@pytest.mark.parametrize("text", ["1 / 0", "0 / 0", "#{A} / #{B}", "#{A} / (#{B} * 3)"])
def test_division_by_zero_is_missing(text: str) -> None:
    # when
    result = parse(text).evaluate({A: Decimal(5), B: Decimal(0)})

    # then
    assert result is None


def test_overflow_is_missing() -> None:
    # when
    result = parse("#{A} * #{A}").evaluate({A: Decimal("1e600000")})

    # then
    assert result is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if(1 < 2, 10, 20)", Decimal(10)),
        ("if(1 > 2, 10, 20)", Decimal(20)),
        ("if(#{A} > 2, 10, 20)", None),
        ("if(1 < 2, #{A}, 20)", None),
        ("if(1 > 2, #{A}, 20)", Decimal(20)),
        ("isNull(#{A})", True),
        ("isNull(#{B})", False),
        ("isNull(#{B} / 0)", True),
        ("isNotNull(#{A})", False),
        ("isNotNull(#{B})", True),
        ("greatest(3, 7, 5)", Decimal(7)),
        ("greatest(#{A}, 2, #{B})", Decimal(4)),
        ("greatest(#{A})", None),
        ("least(3, 7, 5)", Decimal(3)),
        ("least(#{A}, 5, #{B})", Decimal(4)),
        ("least(#{A}, #{A})", None),
        ("firstNonNull(#{A}, #{B}, 9)", Decimal(4)),
        ("firstNonNull(#{A}, 9)", Decimal(9)),
        ("firstNonNull(#{A}, #{A})", None),
        ("firstNonNull(#{A} > 1, 1 < 2)", True),
    ],
)
def test_functions(text: str, expected: Decimal | bool | None) -> None:
    # given
    values = {A: None, B: Decimal(4)}

    # when
    result = parse(text).evaluate(values)

    # then
    assert result == expected
    assert type(result) is type(expected)


def test_greatest_takes_many_arguments() -> None:
    # given
    text = "greatest(" + ", ".join(str(number) for number in range(300)) + ")"

    # when
    result = parse(text).evaluate({})

    # then
    assert result == Decimal(299)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("1 == 1", "yes"),
        ("1 != 1", "no"),
        ("1 < 2", "yes"),
        ("2 <= 2", "yes"),
        ("1 > 2", "no"),
        ("2 >= 3", "no"),
        ("1 < 2 && 2 < 3", "yes"),
        ("1 < 2 && 3 < 2", "no"),
        ("1 > 2 || 2 < 3", "yes"),
        ("!(1 < 2)", "no"),
        ("!(1 > 2) && 1 == 1", "yes"),
        ("1 > 2 || 1 > 3 || 1 == 1", "yes"),
        ("(1 < 2) == (3 < 4)", "yes"),
        ("(1 < 2) != (3 < 4)", "no"),
        ("1 + 1 == 2 * 1", "yes"),
        ("#{A} > 1 && 1 > 2", "no"),
        ("#{A} > 1 || 1 < 2", "yes"),
    ],
)
def test_comparisons_and_logic_inside_if(condition: str, expected: str) -> None:
    # when
    result = parse(f"if({condition}, 1, 0)").evaluate({})

    # then
    assert result == (Decimal(1) if expected == "yes" else Decimal(0))


@pytest.mark.parametrize(
    "text", ["#{A} > 1", "!(#{A} > 1)", "#{A} == 1", "#{A} > 1 && 1 < 2", "#{A} > 1 || 1 > 2"]
)
def test_a_condition_on_a_missing_value_is_missing(text: str) -> None:
    # when
    result = parse(text).evaluate({})

    # then
    assert result is None


def test_a_condition_evaluates_to_a_boolean() -> None:
    # when
    result = parse("#{A} >= 10").evaluate({A: Decimal(10)})

    # then
    assert result is True


@pytest.mark.parametrize(
    ("online", "total", "expected"),
    [
        (Decimal(45), Decimal(60), Decimal(75)),
        (Decimal(45), Decimal(0), None),
        (None, Decimal(60), None),
    ],
)
def test_share_of_online_procedures(
    online: Decimal | None, total: Decimal, expected: Decimal | None
) -> None:
    # given
    expression = parse("#{ONLINE_PROCS} / #{ALL_PROCS} * 100")

    # when
    result = expression.evaluate({Reference("ONLINE_PROCS"): online, Reference("ALL_PROCS"): total})

    # then
    assert result == expected


@pytest.mark.parametrize(("a", "expected"), [(None, Decimal(40)), (Decimal(5), Decimal(45))])
def test_missing_data_handled_by_the_author(a: Decimal | None, expected: Decimal) -> None:
    # given
    expression = parse("if(isNull(#{A}), 0, #{A}) + #{B.FEMALE}")

    # when
    result = expression.evaluate({A: a, B_FEMALE: Decimal(40)})

    # then
    assert result == expected


def test_validate_accepts_known_codes_and_options() -> None:
    # when
    messages = validate(
        "#{TRAINEES.FEMALE} / #{TRAINEES} + #{STARTUPS}",
        known_codes=["TRAINEES", "STARTUPS"],
        known_options={"TRAINEES": ["FEMALE", "MALE"]},
    )

    # then
    assert messages == []


def test_validate_names_unknown_codes_once_and_unknown_options() -> None:
    # when
    messages = validate(
        "#{GHOST.X} + #{GHOST} + #{TRAINEES.OTHER} + #{STARTUPS.FEMALE} + #{TRAINEES.MALE}",
        known_codes={"TRAINEES", "STARTUPS"},
        known_options={"TRAINEES": {"FEMALE", "MALE"}},
    )

    # then
    assert messages == [
        "Unknown data element 'GHOST'",
        "Data element 'STARTUPS' has no option 'FEMALE'",
        "Data element 'TRAINEES' has no option 'OTHER'",
    ]


def test_validate_skips_options_when_none_are_given() -> None:
    # when
    messages = validate("#{TRAINEES.ANYTHING}", known_codes=["TRAINEES"])

    # then
    assert messages == []


def test_validate_lets_parse_errors_through() -> None:
    # when / then
    with pytest.raises(ExpressionError, match="position 6"):
        validate("#{A} +", known_codes=["A"])


def test_error_message_says_what_and_where() -> None:
    # when
    with pytest.raises(ExpressionError) as caught:
        parse("(1 + 2))")

    # then
    assert str(caught.value) == "Unexpected ')' at position 7; expected an operator or the end"
    assert caught.value.position == 7


def test_a_malformed_reference_says_how_to_write_one() -> None:
    # when
    with pytest.raises(ExpressionError) as caught:
        parse("#{A} + #{B")

    # then
    assert str(caught.value) == (
        "Malformed reference at position 7; write #{CODE} or #{CODE.OPTION}"
    )


def test_fifty_levels_of_nesting_are_allowed() -> None:
    # given
    text = "(" * 50 + "#{A}" + ")" * 50

    # when
    result = parse(text).evaluate({A: Decimal(3)})

    # then
    assert result == Decimal(3)


def test_two_hundred_references_are_allowed_and_a_long_sum_stays_shallow() -> None:
    # given
    text = "+".join(["#{A}"] * 200) + "+1" * 290

    # when
    result = parse(text).evaluate({A: Decimal(1)})

    # then
    assert result == Decimal(490)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("1" + " " * 2000, None),
        ("9" * 10_000, None),
        ("9" * 41, 0),
        ("1e999999", 0),
        ("1e-999999", 0),
        ("1e" + "9" * 30, 0),
        ("(" * 51 + "1" + ")" * 51, 50),
        ("(" * 1000, 50),
        ("-" * 1000 + "1", 50),
        ("!" * 1000 + "1", 50),
        ("greatest(" * 60, 450),
        ("+".join(["#{A}"] * 201), 1000),
        ("__import__(1)", 0),
        ("eval(1)", 0),
        ("exec('1')", 0),
        ("os.system", 0),
        ("1 + abs(2)", 4),
        ("IF(1 < 2, 1, 0)", 0),
        ("1; 2", 1),
        ("$1", 0),
        ("`1`", 0),
        ("@A", 0),
        ("1 % 2", 2),
        ("1 = 2", 2),
        ("1 & 2", 2),
        ("#{ABC", 0),
        ("1 + #{A", 4),
        ("#{}", 0),
        ("#{A.}", 0),
        ("#{A.B.C}", 0),
        ("#{A B}", 0),
        ("#A", 0),
        ("#{" + "A" * 65 + "}", 0),
        ("#{A." + "B" * 65 + "}", 0),
        ("if(1 < 2, 3)", 0),
        ("isNull()", 0),
        ("least()", 0),
        ("isNull(1, 2)", 0),
        ("if(1, 2, 3)", 3),
        ("if(1 < 2, 3, 1 < 2)", 13),
        ("1 + (2 < 3)", 5),
        ("1 < 2 < 3", 0),
        ("!1", 1),
        ("(1 < 2) && 3", 11),
        ("greatest(1, 1 < 2)", 12),
        ("1 2", 2),
        ("1 +", 3),
        ("(1 + 2", 6),
        ("greatest(1 2)", 11),
        ("1.", 1),
        ("#{A}.5", 4),
        ("", 0),
        ("   ", 3),
        ("1\x00", 1),
        ("١٢", 0),
        ("\u00a01", 0),
    ],
)
def test_hostile_input_fails_fast_with_an_expression_error(text: str, position: int | None) -> None:
    # when
    with pytest.raises(ExpressionError) as caught:
        parse(text)

    # then
    assert caught.value.position == position
    if position is not None:
        assert f"position {position}" in str(caught.value)


PIECES = [
    "1", "2.5", ".5", "0", "1e3", "#{A}", "#{B.FEMALE}", "#{", "}", ".", "e", "x", " ",
    "(", ")", ",", "+", "-", "*", "/", "<", "<=", "==", "!=", "!", "&&", "||", "=", "&",
    "if(", "isNull(", "greatest(", "least(", "firstNonNull(", "eval(",
]  # fmt: skip


def test_random_garbage_raises_nothing_but_expression_error() -> None:
    # given
    generator = random.Random(0)
    values = {A: Decimal(0), B_FEMALE: None}
    parsed = 0

    for _sample in range(2000):
        text = "".join(generator.choices(PIECES, k=generator.randint(0, 12)))

        # when
        try:
            result = parse(text).evaluate(values)
        except ExpressionError:
            continue

        # then
        parsed += 1
        assert result is None or isinstance(result, Decimal | bool)
    assert parsed > 0


SEEDS = [
    "#{ONLINE_PROCS} / #{ALL_PROCS} * 100",
    "if(isNull(#{A}), 0, #{A}) + #{B.FEMALE}",
    "greatest(#{A}, least(2, -#{B.FEMALE}), firstNonNull(#{A}, .5))",
    "if(#{A} >= 1 && !(#{A} == 2) || isNotNull(#{B.FEMALE}), 1e3, 0 / #{A})",
]


def test_mutated_expressions_raise_nothing_but_expression_error() -> None:
    # given
    generator = random.Random(0)
    values = {A: Decimal(0), B_FEMALE: None}
    parsed = 0

    for _sample in range(2000):
        text = generator.choice(SEEDS)
        for _mutation in range(generator.randint(1, 3)):
            cut = generator.randrange(len(text) + 1)
            kept = cut + generator.randint(0, 2)
            text = text[:cut] + generator.choice(["", *PIECES]) + text[kept:]

        # when
        try:
            result = parse(text).evaluate(values)
        except ExpressionError:
            continue

        # then
        parsed += 1
        assert result is None or isinstance(result, Decimal | bool)
    assert parsed > 50
