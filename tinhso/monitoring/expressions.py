"""Indicator expressions in a DHIS2-compatible subset: a safe parser and evaluator of our own.

Grammar, loosest binding first: ``||``, ``&&``, ``== !=``, ``< <= > >=``, ``+ -``, ``* /``, then
unary ``- + !``; operands are numbers, ``#{CODE}`` / ``#{CODE.OPTION}`` references, parentheses and
the functions ``if isNull isNotNull greatest least firstNonNull``. Numbers and conditions are
checked apart at parse time, so ``1 + (2 < 3)`` never reaches evaluation.

Missing values propagate: arithmetic, comparisons and ``!`` with a missing operand give None,
``&&`` / ``||`` follow three-valued (SQL) logic, ``if`` with a missing condition gives None, and
division by zero or overflow gives None. Authors handle gaps with isNull, firstNonNull and if.
"""

import decimal
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException
from enum import Enum
from operator import add, ge, gt, le, lt, mul, sub, truediv
from typing import ClassVar, Final, cast

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_LENGTH: Final = 2000
MAX_DEPTH: Final = 50
MAX_REFERENCES: Final = 200
MAX_NUMBER_LENGTH: Final = 40
MAX_EXPONENT: Final = 100

# ASCII only: Unicode digits and look-alike letters are rejected, not silently read.
TOKEN: Final = re.compile(
    r"""(?P<number>(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
      | (?P<reference>\#\{[A-Za-z0-9_-]{1,64}(?:\.[A-Za-z0-9_-]{1,64})?\})
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<symbol>==|!=|<=|>=|&&|\|\||[-+*/<>!(),])""",
    re.VERBOSE | re.ASCII,
)
LEVELS: Final = ("||", "&&", "== !=", "< <= > >=", "+ -", "* /")  # loosest binding first
PRECEDENCE: Final = {op: level for level, ops in enumerate(LEVELS, 1) for op in ops.split()}
FIXED_ARITY: Final = {"if": 3, "isNull": 1, "isNotNull": 1}
VARIADIC: Final = frozenset({"greatest", "least", "firstNonNull"})

Arithmetic = Callable[[Decimal, Decimal], Decimal]
ARITHMETIC: Final[dict[str, Arithmetic]] = {"+": add, "-": sub, "*": mul, "/": truediv}
Ordering = Callable[[Decimal, Decimal], bool]
ORDERINGS: Final[dict[str, Ordering]] = {"<": lt, "<=": le, ">": gt, ">=": ge}
# Trapping these turns division by zero, 0/0 and overflow into exceptions we map to None.
CONTEXT: Final = decimal.Context(
    prec=28, traps=[decimal.DivisionByZero, decimal.InvalidOperation, decimal.Overflow]
)

type Value = Decimal | bool | None
type Node = Leaf | Unary | Chain | Call


class ExpressionError(ValueError):
    """An expression that cannot be parsed; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


class Kind(Enum):
    """What a sub-expression yields: a number or a condition (true/false)."""

    NUMBER = "number"
    CONDITION = "condition"


@dataclass(frozen=True, slots=True)
class Reference:
    """A data element, or one disaggregation option of it when ``option`` is set."""

    code: str
    option: str | None = None


@dataclass(frozen=True, slots=True)
class Leaf:
    """A literal number or a data element reference, where it occurs in the text."""

    value: Decimal | Reference
    position: int
    kind: ClassVar[Kind] = Kind.NUMBER


@dataclass(frozen=True, slots=True)
class Unary:
    """``-x``, ``+x`` or ``!x``."""

    operator: str
    operand: Node
    position: int

    @property
    def kind(self) -> Kind:
        return Kind.CONDITION if self.operator == "!" else Kind.NUMBER


@dataclass(frozen=True, slots=True)
class Chain:
    """A left-associative run of same-precedence operators, flat so long sums stay shallow."""

    first: Node
    steps: tuple[tuple[str, Node], ...]

    @property
    def position(self) -> int:
        return self.first.position

    @property
    def kind(self) -> Kind:
        return Kind.NUMBER if self.steps[0][0] in ARITHMETIC else Kind.CONDITION


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; ``kind`` is worked out by the parser from the arguments."""

    name: str
    arguments: tuple[Node, ...]
    position: int
    kind: Kind


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical unit and where it starts."""

    kind: str  # a group name of TOKEN, or "end"
    text: str
    position: int


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed, validated indicator expression; build it with parse()."""

    text: str
    root: Node = field(repr=False)
    references: frozenset[Reference] = field(repr=False)

    def positions(self) -> list[tuple[Reference, int]]:
        """Each reference with its offset in the text, left to right, repeats included."""
        found: list[tuple[Reference, int]] = []
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            match node:
                case Leaf(value=Reference() as reference):
                    found.append((reference, node.position))
                case Unary():
                    stack.append(node.operand)
                case Chain():
                    stack += [node.first, *(operand for _op, operand in node.steps)]
                case Call():
                    stack += node.arguments
        return sorted(found, key=lambda pair: pair[1])

    def evaluate(self, values: Mapping[Reference, Decimal | None]) -> Value:
        """The value for ``values``; a reference absent from them counts as missing."""
        with decimal.localcontext(CONTEXT):
            return _evaluate(self.root, values)

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expression:
    """Parse and check ``text``; ExpressionError says what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise _error(_("Expression is longer than %(limit)s characters"), None, limit=MAX_LENGTH)
    parser = _Parser(text)
    root = parser.parse()
    return Expression(text, root, frozenset(parser.references))


def validate(
    text: str,
    known_codes: Collection[str],
    known_options: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    """Messages naming unknown data elements and options in ``text``; empty when all are known."""
    references = sorted(parse(text).references, key=lambda ref: (ref.code, ref.option or ""))
    messages = [
        _("Unknown data element '%(code)s'") % {"code": code}
        for code in sorted({ref.code for ref in references if ref.code not in known_codes})
    ]
    if known_options is not None:
        messages += [
            _("Data element '%(code)s' has no option '%(option)s'")
            % {"code": ref.code, "option": ref.option}
            for ref in references
            if ref.code in known_codes
            and ref.option is not None
            and ref.option not in known_options.get(ref.code, ())
        ]
    return messages


# Tokenizer -------------------------------------------------------------------------------------


def _tokens(text: str) -> Iterator[Token]:
    """Tokens of ``text`` lazily, so the first error reported is the leftmost one."""
    position = 0
    while True:
        position = _skip_spaces(text, position)
        if position == len(text):
            yield Token("end", "", position)
            return
        match = TOKEN.match(text, position)
        if match is None:
            raise _bad_character(text, position)
        yield Token(str(match.lastgroup), match.group(), position)
        position = match.end()


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _bad_character(text: str, position: int) -> ExpressionError:
    if text[position] == "#":
        message = _("Malformed reference at position %(position)s; write #{CODE} or #{CODE.OPTION}")
    else:
        message = _("Unexpected character %(char)s at position %(position)s")
    return _error(message, position, char=repr(text[position]))


# Parser ----------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent with precedence climbing over a lazy token stream."""

    def __init__(self, text: str) -> None:
        self._tokens = _tokens(text)
        self._token = next(self._tokens)
        self._depth = 0
        self.references: list[Reference] = []

    def parse(self) -> Node:
        node = self._expression()
        if self._token.kind != "end":
            raise self._unexpected(_("an operator or the end"))
        return node

    def _expression(self, min_precedence: int = 1) -> Node:
        # The chain loop is inline: a helper would add a stack frame per precedence level.
        node = self._unary()
        while (precedence := self._precedence()) >= min_precedence:
            steps: list[tuple[str, Node]] = []
            kind = node.kind
            while self._precedence() == precedence:
                operator = self._advance().text
                operand = self._expression(precedence + 1)
                kind = _check_operands(operator, kind, node.position, operand)
                steps.append((operator, operand))
            node = Chain(node, tuple(steps))
        return node

    def _unary(self) -> Node:
        if self._token.kind != "symbol" or self._token.text not in ("-", "+", "!"):
            return self._primary()
        operator = self._advance()
        self._descend(operator.position)
        operand = self._unary()
        self._depth -= 1
        expected = Kind.CONDITION if operator.text == "!" else Kind.NUMBER
        _require(operand.kind, expected, operand.position)
        return Unary(operator.text, operand, operator.position)

    def _primary(self) -> Node:
        token = self._token
        if token.kind == "number":
            return Leaf(_number_value(self._advance()), token.position)
        if token.kind == "reference":
            return self._reference()
        if token.kind == "name":
            return self._call()
        if token.kind != "symbol" or token.text != "(":
            raise self._unexpected(_("a number, a data element, a function or '('"))
        self._descend(self._advance().position)
        node = self._expression()
        self._expect(")")
        self._depth -= 1
        return node

    def _reference(self) -> Leaf:
        token = self._advance()
        if len(self.references) == MAX_REFERENCES:
            message = _("More than %(limit)s data element references at position %(position)s")
            raise _error(message, token.position, limit=MAX_REFERENCES)
        code, _dot, option = token.text[2:-1].partition(".")
        self.references.append(Reference(code, option or None))
        return Leaf(self.references[-1], token.position)

    def _call(self) -> Call:
        name = self._token
        if name.text not in FIXED_ARITY and name.text not in VARIADIC:
            message = _("Unknown function %(name)s at position %(position)s")
            raise _error(message, name.position, name=_shown(name.text))
        self._advance()
        self._descend(name.position)
        self._expect("(")
        arguments: list[Node] = []
        if not self._accept(")"):
            arguments.append(self._expression())
            while self._accept(","):
                arguments.append(self._expression())
            self._expect(")", _("',' or ')'"))
        self._depth -= 1
        _check_arity(name, len(arguments))
        return Call(name.text, tuple(arguments), name.position, _call_kind(name.text, arguments))

    def _descend(self, position: int) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            message = _(
                "Expression is nested deeper than %(limit)s levels at position %(position)s"
            )
            raise _error(message, position, limit=MAX_DEPTH)

    def _precedence(self) -> int:
        return PRECEDENCE.get(self._token.text, 0) if self._token.kind == "symbol" else 0

    def _advance(self) -> Token:
        token = self._token
        self._token = next(self._tokens)
        return token

    def _accept(self, symbol: str) -> bool:
        if self._token.kind == "symbol" and self._token.text == symbol:
            self._advance()
            return True
        return False

    def _expect(self, symbol: str, expected: str | None = None) -> None:
        if not self._accept(symbol):
            raise self._unexpected(expected or repr(symbol))

    def _unexpected(self, expected: str) -> ExpressionError:
        if self._token.kind == "end":
            message = _(
                "Unexpected end of expression at position %(position)s; expected %(expected)s"
            )
        else:
            message = _("Unexpected %(found)s at position %(position)s; expected %(expected)s")
        found = _shown(self._token.text)
        return _error(message, self._token.position, found=found, expected=expected)


def _number_value(token: Token) -> Decimal:
    if len(token.text) > MAX_NUMBER_LENGTH:
        message = _("Number at position %(position)s is longer than %(limit)s characters")
        raise _error(message, token.position, limit=MAX_NUMBER_LENGTH)
    try:
        value = Decimal(token.text)
        in_range = -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT
    except DecimalException:  # an exponent too large even for Decimal
        in_range = False
    if not in_range:
        message = _("Number %(number)s at position %(position)s is out of range")
        raise _error(message, token.position, number=_shown(token.text))
    return value


def _check_operands(operator: str, left_kind: Kind, left_position: int, right: Node) -> Kind:
    """Check both sides of ``operator`` and return the kind of its result."""
    if operator in ("&&", "||"):
        expected = Kind.CONDITION
    elif operator in ("==", "!="):
        expected = left_kind
    else:
        expected = Kind.NUMBER
    _require(left_kind, expected, left_position)
    _require(right.kind, expected, right.position)
    return Kind.NUMBER if operator in ARITHMETIC else Kind.CONDITION


def _check_arity(name: Token, count: int) -> None:
    expected = FIXED_ARITY.get(name.text)
    if expected is None and count == 0:
        message = _("%(name)s() at position %(position)s needs at least one argument")
        raise _error(message, name.position, name=name.text)
    if expected is not None and count != expected:
        message = ngettext(
            "%(name)s() at position %(position)s takes %(expected)s argument, not %(count)s",
            "%(name)s() at position %(position)s takes %(expected)s arguments, not %(count)s",
            expected,
        )
        raise _error(message, name.position, name=name.text, expected=expected, count=count)


def _call_kind(name: str, arguments: list[Node]) -> Kind:
    """Check the kinds of a call's arguments and return the kind of its result."""
    if name in ("isNull", "isNotNull"):
        return Kind.CONDITION
    if name == "if":
        _require(arguments[0].kind, Kind.CONDITION, arguments[0].position)
        _require(arguments[2].kind, arguments[1].kind, arguments[2].position)
        return arguments[1].kind
    expected = arguments[0].kind if name == "firstNonNull" else Kind.NUMBER
    for argument in arguments:
        _require(argument.kind, expected, argument.position)
    return expected


def _require(found: Kind, expected: Kind, position: int) -> None:
    if found is expected:
        return
    if expected is Kind.NUMBER:
        raise _error(_("Expected a number at position %(position)s"), position)
    raise _error(_("Expected a condition at position %(position)s"), position)


def _error(message: str, position: int | None, **values: object) -> ExpressionError:
    """The error for a translated ``message``, its placeholders filled in."""
    return ExpressionError(message % {"position": position, **values}, position)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


# Evaluation ------------------------------------------------------------------------------------


def _evaluate(node: Node, values: Mapping[Reference, Decimal | None]) -> Value:
    match node:
        case Leaf():
            return _lookup(values, node.value) if isinstance(node.value, Reference) else node.value
        case Unary():
            return _unary(node.operator, _evaluate(node.operand, values))
        case Chain():
            result = _evaluate(node.first, values)
            for operator, operand in node.steps:
                result = _binary(operator, result, _evaluate(operand, values))
            return result
        case Call():
            return _call(node, values)


def _lookup(values: Mapping[Reference, Decimal | None], reference: Reference) -> Decimal | None:
    value = values.get(reference)
    # NaN or Infinity from a caller is no number to report; treat it as missing.
    return value if value is not None and value.is_finite() else None


def _unary(operator: str, operand: Value) -> Value:
    if operand is None:
        return None
    if operator == "!":
        return not operand
    number = cast(Decimal, operand)  # the parser admits only numbers after - and +
    return number.copy_negate() if operator == "-" else number


def _binary(operator: str, left: Value, right: Value) -> Value:
    """One binary operation: missing operands give None, except where && and || can decide."""
    if operator in ("&&", "||"):
        decisive = operator == "||"  # one true side settles ||, one false side settles &&
        if left is decisive or right is decisive:
            return decisive
        return None if left is None or right is None else not decisive
    if left is None or right is None:
        return None
    if operator in ("==", "!="):
        return (left == right) is (operator == "==")
    left_number, right_number = cast(Decimal, left), cast(Decimal, right)
    if operator in ORDERINGS:
        return ORDERINGS[operator](left_number, right_number)
    try:
        return ARITHMETIC[operator](left_number, right_number)
    except DecimalException:  # division by zero, 0/0 or overflow: no value, as DHIS2 skips it
        return None


def _call(node: Call, values: Mapping[Reference, Decimal | None]) -> Value:
    arguments = (_evaluate(argument, values) for argument in node.arguments)
    match node.name:
        case "if":
            condition = _evaluate(node.arguments[0], values)
            if condition is None:
                return None
            return _evaluate(node.arguments[1 if condition else 2], values)
        case "isNull":
            return next(arguments) is None
        case "isNotNull":
            return next(arguments) is not None
        case "firstNonNull":
            return next((value for value in arguments if value is not None), None)
    numbers = [value for value in arguments if isinstance(value, Decimal)]
    if not numbers:
        return None
    return max(numbers) if node.name == "greatest" else min(numbers)
