"""The closing's arithmetic, pure: the worked example of issue 10 and its variations."""

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.recovery import Line, SpendingLine, cents, euros, rate_basis, recovery

RATE = rate_basis(50)
GRANTED = cents(12_000)  # 50 % of 24 000 € of cost


def lines(*amounts, state=Line.ACCEPTED):
    return [SpendingLine(cents(amount), state) for amount in amounts]


def test_worked_example_18000_justified_gives_9000_due_and_3000_to_recover():
    result = recovery(granted=GRANTED, rate=RATE, lines=lines(10_000, 8_000))
    assert euros(result.justified) == Decimal("18000.00")
    assert euros(result.due) == Decimal("9000.00")
    assert euros(result.to_recover) == Decimal("3000.00")


def test_a_rejected_line_is_not_justified_and_its_share_is_recovered():
    accepted = lines(10_000, 8_000)
    result = recovery(granted=GRANTED, rate=RATE, lines=[*accepted, *lines(2_000, state=Line.REJECTED)])
    assert euros(result.justified) == Decimal("18000.00")
    assert euros(result.non_conforming) == Decimal("2000.00")
    assert euros(result.to_recover) == Decimal("4000.00")
    assert euros(result.due) == Decimal("8000.00")


def test_rejecting_one_of_the_lines_of_the_example():
    # The 18 000 € were two invoices; the ARS rejects the 8 000 € one.
    result = recovery(granted=GRANTED, rate=RATE, lines=[*lines(10_000), *lines(8_000, state=Line.REJECTED)])
    assert euros(result.justified) == Decimal("10000.00")
    assert euros(result.to_recover) == Decimal("11000.00")  # 12 000 − 5 000 + 4 000
    assert euros(result.due) == Decimal("1000.00")


def test_spending_above_the_cost_is_capped_by_the_grant():
    result = recovery(granted=GRANTED, rate=RATE, lines=lines(30_000))
    assert result.due == GRANTED and result.to_recover == 0


def test_a_non_conforming_line_is_recovered_even_above_the_cap():
    result = recovery(granted=GRANTED, rate=RATE, lines=[*lines(30_000), *lines(2_000, state=Line.REJECTED)])
    assert euros(result.to_recover) == Decimal("1000.00")


def test_pending_lines_count_for_nothing_and_the_recovery_never_exceeds_the_grant():
    result = recovery(granted=GRANTED, rate=RATE, lines=lines(5_000, state=Line.PENDING))
    assert result.justified == 0 and result.to_recover == GRANTED and result.due == 0
    result = recovery(granted=GRANTED, rate=RATE, lines=lines(40_000, state=Line.REJECTED))
    assert result.to_recover == GRANTED


def test_cents_round_down_in_favour_of_no_one_but_stay_exact():
    assert share_of(Decimal("0.03")) == 1  # 50 % of 3 cents is 1 cent (rounded down)
    assert cents(Decimal("4200.50")) == 420050


def share_of(amount):
    return recovery(granted=10**9, rate=RATE, lines=lines(amount)).due


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        recovery(granted=-1, rate=RATE, lines=[])
    with pytest.raises(ValueError):
        recovery(granted=1, rate=10_001, lines=[])


def test_default_schedule_of_clact_2024():
    import datetime as dt

    from monitoring.schedule import default_schedule, reminder_due

    interim, final = default_schedule(
        granted_on=dt.date(2024, 10, 15), deadline=dt.date(2026, 12, 31), interim_months_before=12
    )
    assert (interim.kind, interim.due_on) == ("interim", dt.date(2025, 12, 31))
    assert (final.kind, final.period_start, final.due_on) == (
        "final",
        dt.date(2024, 10, 15),
        dt.date(2026, 12, 31),
    )
    [short, end] = default_schedule(
        granted_on=dt.date(2026, 6, 1), deadline=dt.date(2026, 12, 31), interim_months_before=12
    )
    assert dt.date(2026, 6, 1) < short.due_on < end.due_on
    assert reminder_due(due_on=dt.date(2025, 12, 31), today=dt.date(2025, 12, 24), days_before=7) == "before"
    assert reminder_due(due_on=dt.date(2025, 12, 31), today=dt.date(2025, 12, 23), days_before=7) is None
    assert reminder_due(due_on=dt.date(2025, 12, 31), today=dt.date(2026, 1, 1), days_before=7) == "late"


def test_without_interim_months_the_interim_report_falls_at_the_periods_midpoint():
    from monitoring.schedule import default_schedule

    interim, _ = default_schedule(granted_on=dt.date(2025, 1, 1), deadline=dt.date(2027, 1, 1))
    assert interim.due_on == dt.date(2026, 1, 1)


def test_without_consumption_deadline_the_follow_up_ends_after_the_realisation_months():
    from monitoring.schedule import consumption_end

    assert consumption_end(granted_on=dt.date(2028, 2, 29), deadline=None, realisation_months=24) == dt.date(
        2030, 2, 28
    )
    assert consumption_end(
        granted_on=dt.date(2028, 2, 29), deadline=dt.date(2029, 6, 30), realisation_months=24
    ) == dt.date(2029, 6, 30)
