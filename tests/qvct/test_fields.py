"""The French decimal field: every way people write a number is read right, or refused in French."""

from decimal import Decimal

import pytest
from django import forms as django_forms

from dossiers.forms import ActionForm, IdentificationForm, OtherFundingForm, QuoteForm
from dossiers.services import DossierError
from funding.floors import parse_floors
from funding.views import ScenarioForm
from qvct.fields import (
    FrenchDecimalField,
    FrenchNumberError,
    format_french_decimal,
    money_field,
    parse_french_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,9", "8.9"),
        ("8.9", "8.9"),
        ("98,5", "98.5"),
        ("11,2", "11.2"),
        ("1 234,56", "1234.56"),
        ("1 234,56 €", "1234.56"),
        ("1 234,56€", "1234.56"),
        ("1\u00a0234,56\u00a0€", "1234.56"),
        ("1\u202f234,56\u202f€", "1234.56"),
        ("1\u2009234\u2009567,8", "1234567.8"),
        ("  24000  ", "24000"),
        ("1 234.56", "1234.56"),
        (",5", "0.5"),
        ("12,", "12"),
        ("8,9 %", "8.9"),
        ("-3", "-3"),
        ("−3,5", "-3.5"),
    ],
)
def test_the_parser_reads_every_french_and_dotted_spelling(text, expected):
    assert parse_french_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3",
        "1.2.3",
        "1.234,56",
        "1,234.56",
        "abc",
        "8,9a",
        "1e400",
        "1E5",
        "NaN",
        "nan",
        "Infinity",
        "inf",
        "12 34",
        "1 2345",
        "",
        "€",
        ",",
        "-",
        "0x10",
        "٣",
        "1" * 50,
    ],
)
def test_the_parser_refuses_what_it_cannot_read_without_guessing(text):
    with pytest.raises(FrenchNumberError) as error:
        parse_french_decimal(text)
    assert str(error.value)[0].isupper() and str(error.value).endswith((".", ")."))


def test_the_parser_accepts_only_the_units_it_is_given():
    with pytest.raises(FrenchNumberError):
        parse_french_decimal("12 €", units=())
    assert parse_french_decimal("12 €", units=("€",)) == 12


def test_a_second_separator_is_refused_with_how_to_write_thousands():
    with pytest.raises(FrenchNumberError, match="une seule virgule"):
        parse_french_decimal("1,2,3")


def test_numbers_are_shown_back_the_french_way():
    assert format_french_decimal(Decimal("8.90")) == "8,9"
    assert format_french_decimal(Decimal("98.50")) == "98,5"
    assert format_french_decimal(Decimal("1234.50"), cents=True) == "1\u00a0234,50"
    assert format_french_decimal(Decimal("12000.00"), cents=True) == "12\u00a0000"


def test_the_field_renders_a_text_input_with_decimal_keyboard_and_french_hint():
    html = str(IdentificationForm()["absenteeism_rate"].as_field_group())
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'type="number"' not in html
    assert "Par exemple 8,9" in html


def test_the_field_shows_a_stored_value_with_a_comma():
    form = IdentificationForm(initial={"absenteeism_rate": Decimal("8.90"), "fte_medical": Decimal("98.50")})
    assert 'value="8,9"' in str(form["absenteeism_rate"])
    assert 'value="98,5"' in str(form["fte_medical"])


def test_a_refused_number_gives_the_french_message_and_no_value():
    form = IdentificationForm({"absenteeism_rate": "8,9,1", "turnover_rate": "1e400"})
    form.is_valid()
    assert "une seule virgule" in form.errors["absenteeism_rate"][0]
    assert "Saisissez un nombre" in form.errors["turnover_rate"][0]


def test_a_rate_typed_with_a_comma_keeps_its_decimals():
    form = IdentificationForm(
        {
            "contact_name": "Claire Martin",
            "contact_email": "claire@example.org",
            "headcount": "950",
            "fte_medical": "98,5",
            "fte_non_medical": "801",
            "beds_and_places": "410",
            "absenteeism_rate": "8,9",
            "turnover_rate": "11,2 %",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["absenteeism_rate"] == Decimal("8.9")
    assert form.cleaned_data["turnover_rate"] == Decimal("11.2")
    assert form.cleaned_data["fte_medical"] == Decimal("98.5")


def test_too_many_decimals_are_refused_rather_than_read_as_thousands():
    form = OtherFundingForm({"funder": "Région", "amount": "1.234"})
    assert not form.is_valid()
    assert "amount" in form.errors


def test_every_decimal_field_of_every_form_is_french():
    forms = [
        IdentificationForm(),
        OtherFundingForm(),
        QuoteForm(),
    ]
    fields = [field for form in forms for field in form.fields.values()]
    fields += list(ScenarioForm.base_fields.values())
    fields += [ActionForm.base_fields[name] for name in ("cost", "requested", "own_funding")]
    decimal = [field for field in fields if isinstance(field, django_forms.DecimalField)]
    assert decimal and all(isinstance(field, FrenchDecimalField) for field in decimal)


def test_an_amount_accepts_euros_with_spaces():
    field = money_field(label="Montant")
    assert field.clean("1\u202f234,56\u00a0€") == Decimal("1234.56")


def test_floors_read_french_amounts_and_refuse_ambiguous_ones():
    departments = {"08": "Ardennes", "55": "Meuse"}
    assert parse_floors(
        "08=150 000 ; 55=120\u202f000,50 €", departments=departments, envelope=Decimal(400000)
    ) == {"08": "150000.00", "55": "120000.50"}
    with pytest.raises(DossierError, match="une seule virgule"):
        parse_floors("08=1,2,3", departments=departments, envelope=Decimal(400000))
