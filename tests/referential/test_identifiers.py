import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from referential.identifiers import (
    _luhn_valid,
    _siret_valid,
    finess_error,
    is_valid_finess,
    is_valid_siret,
    siret_error,
)


@pytest.mark.parametrize("number", ["670780055", "510000029", "670000272", " 67 078 0055 "])
def test_real_finess_numbers_are_valid(number):
    assert is_valid_finess(number)


def test_finess_with_a_wrong_key_is_refused_with_the_reason():
    assert "clé" in finess_error("670780056")


def test_corsican_finess_is_checked_on_its_shape_only():
    assert is_valid_finess("2A0000018")
    assert is_valid_finess("2B0000019")


@pytest.mark.parametrize("number", ["67078005", "6707800551", "ABC780055", ""])
def test_malformed_finess_is_refused(number):
    assert not is_valid_finess(number)


def test_finess_error_names_the_length():
    assert "9 caractères" in finess_error("12345")


def test_valid_siret():
    assert is_valid_siret("73282932000074")


def test_la_poste_siret_follows_its_own_rule():
    assert is_valid_siret("35600000000048")
    assert not is_valid_siret("35600000012345")


def test_siret_with_a_wrong_key_is_refused():
    assert "clé" in siret_error("73282932000075")


def test_siret_with_letters_is_refused():
    assert "14 chiffres" in siret_error("7328293200007A")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9) | st.sampled_from(["356000000", "000000000"]))
def test_the_luhn_check_agrees_with_python_stdnum(siren):
    assert _luhn_valid(siren) == luhn.is_valid(siren)


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789", min_size=14, max_size=14),
        st.text(alphabet="0123456789", min_size=5, max_size=5).map(lambda tail: "356000000" + tail),
        st.just("35600000000048"),
    )
)
def test_the_siret_check_agrees_with_python_stdnum(number):
    assert _siret_valid(number) == stdnum_siret.is_valid(number)
    assert (siret_error(number) is None) == stdnum_siret.is_valid(number)
