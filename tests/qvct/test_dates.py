"""The window of dates a user may type: bounds from the settings, a French message outside them."""

import datetime as dt

import pytest

from qvct.dates import WindowedDateField, date_problem, date_window, french_date

TODAY = dt.date(2026, 4, 1)


def test_the_window_comes_from_the_settings(settings):
    settings.QVCT_DATES_YEARS_BACK, settings.QVCT_DATES_YEARS_AHEAD = 2, 3
    assert date_window(TODAY) == (dt.date(2024, 4, 1), dt.date(2029, 4, 1))


@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_a_date_out_of_any_sense_is_refused_in_french(value):
    problem = date_problem(value, today=TODAY)
    assert problem.startswith("Indiquez une date comprise entre le ")


def test_a_narrowed_window_says_its_own_bounds(settings):
    settings.QVCT_DATES_YEARS_BACK = 10
    assert date_problem(dt.date(2026, 4, 2), latest=TODAY, today=TODAY) == (
        "Indiquez une date comprise entre le 1er avril 2016 et le 1er avril 2026."
    )
    assert date_problem(TODAY, latest=TODAY, today=TODAY) is None


def test_french_dates_say_1er():
    assert (french_date(dt.date(2026, 4, 1)), french_date(dt.date(2026, 8, 15))) == (
        "1er avril 2026",
        "15 août 2026",
    )


def test_the_form_field_refuses_year_9999():
    from django.forms import ValidationError

    with pytest.raises(ValidationError, match="Indiquez une date comprise"):
        WindowedDateField().clean("9999-12-31")
