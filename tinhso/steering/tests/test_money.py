"""Money in whole đồng: sums, remaining, % disbursed (two decimals, half up), and refusing a
payment beyond what remains of an allocation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.steering import money, services
from tinhso.steering.models import Allocation, Disbursement, Programme
from tinhso.steering.selectors import allocations_with_totals, programmes_with_totals


def test_total_is_exact_decimal():  # type: ignore[no-untyped-def]
    amounts = [Decimal("68000000000"), Decimal("13600000000"), Decimal("1")]
    assert money.total(amounts) == Decimal("81600000001")
    assert money.total([]) == Decimal(0)


@pytest.mark.parametrize(
    ("disbursed", "allocated", "expected"),
    [
        ("0", "81600000000", "0.00"),
        ("68000000000", "81600000000", "83.33"),
        ("13600000000", "81600000000", "16.67"),
        ("1", "8", "12.50"),
        ("1", "200000", "0.00"),  # 0.0005 % rounds to 0.00
        ("1", "2000", "0.05"),  # 0.05 % exactly
        ("1", "80000", "0.00"),  # 0.00125 → 0.00
        ("1", "800", "0.13"),  # 0.125 → 0.13, half up (banker's rounding would give 0.12)
        ("5", "0", "0.00"),
        ("81600000000", "81600000000", "100.00"),
    ],
)
def test_percent_disbursed_rounds_half_up(disbursed, allocated, expected):  # type: ignore[no-untyped-def]
    result = money.percent_disbursed(Decimal(disbursed), Decimal(allocated))
    assert result == Decimal(expected)
    assert str(result) == expected


def test_disbursement_beyond_remaining_is_refused(board, users):  # type: ignore[no-untyped-def]
    # given: 1,000,000,000 allotted, 250,000,000 paid
    staff = users[Role.CENTER_STAFF]
    before = list(Disbursement.objects.values_list("pk", flat=True))
    # when
    with pytest.raises(ValidationError) as caught:
        services.record_disbursement(
            actor=staff, allocation=board.own_allocation, date=dt.date(2025, 9, 1),
            document_number="UNC-02", amount=Decimal("750000001"),
        )  # fmt: skip
    # then
    assert caught.value.message_dict == {
        "amount": ["Only 750.000.000 VND remain of this allocation."]
    }
    assert list(Disbursement.objects.values_list("pk", flat=True)) == before


def test_disbursement_up_to_the_last_dong(board, users):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    # when
    paid = services.record_disbursement(
        actor=staff, allocation=board.own_allocation, date=dt.date(2025, 9, 1),
        document_number="UNC-02", amount=Decimal("750000000"),
    )  # fmt: skip
    # then
    row = allocations_with_totals(Allocation.objects.all()).get(pk=board.own_allocation.pk)
    disbursed: Decimal = row.disbursed  # type: ignore[attr-defined]
    assert disbursed == Decimal("1000000000")
    assert money.percent_disbursed(disbursed, row.amount) == Decimal("100.00")
    entry = AuditEntry.objects.get(object_id=str(paid.pk), content_type__model="disbursement")
    assert entry.changes["amount"] == [None, "750000000"]
    assert entry.org_unit == board.own_allocation.org_unit


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0"), "Give an amount above zero."),
        (Decimal("-5"), "Give an amount above zero."),
        (Decimal("1.5"), "Ensure that there are no more than 0 decimal places."),
    ],
)
def test_disbursement_amount_must_be_whole_and_positive(board, users, amount, message):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.record_disbursement(
            actor=users[Role.CENTER_STAFF], allocation=board.own_allocation,
            date=dt.date(2025, 9, 1), document_number="UNC-02", amount=amount,
        )  # fmt: skip
    assert caught.value.message_dict["amount"] == [message]


def test_allocation_cannot_drop_below_disbursed(board, users):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.update_allocation(
            actor=users[Role.CENTER_STAFF], allocation=board.own_allocation,
            amount=Decimal("249999999"),
        )  # fmt: skip
    assert caught.value.message_dict == {
        "amount": ["The amount cannot be less than what is already disbursed."]
    }


def test_programme_totals_sum_allocations_and_disbursements(board, users):  # type: ignore[no-untyped-def]
    # given: 1e9 + 2e9 allotted; 250e6 paid plus 333,333,333 more
    services.record_disbursement(
        actor=users[Role.CENTER_STAFF], allocation=board.other_allocation,
        date=dt.date(2025, 10, 1), document_number="UNC-03", amount=Decimal("333333333"),
    )  # fmt: skip
    # when
    programme = programmes_with_totals(Programme.objects.all()).get(pk=board.programme.pk)
    # then
    allocated: Decimal = programme.allocated  # type: ignore[attr-defined]
    disbursed: Decimal = programme.disbursed  # type: ignore[attr-defined]
    assert (allocated, disbursed) == (Decimal("3000000000"), Decimal("583333333"))
    assert money.percent_disbursed(disbursed, allocated) == Decimal("19.44")


def test_money_over_the_api_is_exact_strings(board, users, api_client):  # type: ignore[no-untyped-def]
    # given
    api_client.force_login(users[Role.LEADER])
    # when
    programme = api_client.get(f"/api/v1/steering/programmes/{board.programme.pk}/").json()
    allocation = api_client.get(f"/api/v1/steering/allocations/{board.own_allocation.pk}/").json()
    # then
    assert (programme["allocated"], programme["disbursed"]) == ("3000000000", "250000000")
    assert programme["percent_disbursed"] == "8.33"
    assert allocation["amount"] == "1000000000"
    assert allocation["disbursed"] == "250000000"
    assert allocation["remaining"] == "750000000"
    assert allocation["percent_disbursed"] == "25.00"
