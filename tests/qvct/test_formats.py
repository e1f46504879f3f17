"""One French formatter for euros, rates, numbers and dates, used by templates and by the rule modules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from eligibility import wording
from funding import allocation
from qvct import formats

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "cents", "expected"),
    [
        (4200, True, f"4{NBSP}200,00{NBSP}€"),
        (Decimal("4200.00"), None, f"4{NBSP}200{NBSP}€"),
        (Decimal("4200.5"), None, f"4{NBSP}200,50{NBSP}€"),
        (4000000, None, f"4{NBSP}000{NBSP}000{NBSP}€"),
        (None, None, "—"),
        ("nan", None, "—"),
    ],
)
def test_euros_are_written_the_french_way(value, cents, expected):
    assert formats.euros(value, cents=cents) == expected


def test_rates_and_numbers_are_written_with_a_comma():
    assert formats.percent(Decimal("8.90")) == f"8,9{NBSP}%"
    assert formats.percent(50) == f"50{NBSP}%"
    assert formats.number(Decimal("62.5")) == "62,5"
    assert formats.number(12000) == f"12{NBSP}000"


def test_the_first_of_a_month_is_the_1er():
    assert formats.date(dt.date(2025, 4, 1)) == "1er avril 2025"
    assert formats.date(dt.date(2025, 4, 2)) == "2 avril 2025"
    assert formats.date(dt.date(2025, 4, 1), year=False) == "1er avril"


def test_the_rule_modules_use_the_same_formatter():
    assert wording.euros(Decimal(4200)) == formats.euros(4200, cents=True)
    assert wording.french_date(dt.date(2025, 4, 1)) == "1er avril 2025"
    error = allocation._infeasible({"67": 1}, 100_00, 4200_00)
    assert f"4{NBSP}200,00{NBSP}€" in str(error)


def test_templates_have_the_filters_without_loading_them():
    text = Template(
        '{{ amount|euros }} {{ amount|euros_cents }} {{ rate|percent }} {{ day|date_fr:"j F Y" }}'
    ).render(Context({"amount": Decimal("4200"), "rate": Decimal("8.9"), "day": dt.date(2025, 4, 1)}))
    assert text == f"4{NBSP}200{NBSP}€ 4{NBSP}200,00{NBSP}€ 8,9{NBSP}% 1er avril 2025"


def test_a_date_filter_keeps_the_other_days_and_the_time():
    text = Template('{{ at|date_fr:"l j F Y à H:i" }}').render(
        Context({"at": dt.datetime(2025, 4, 12, 9, 5)})
    )
    assert text == "samedi 12 avril 2025 à 09:05"
