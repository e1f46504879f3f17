"""Factories for establishments, with valid FINESS and SIRET numbers and traits per kind."""

import factory
from stdnum import luhn

from referential.models import Department, Establishment


def valid_finess(department: str, n: int) -> str:
    body = f"{department[:2]}{n:06d}"
    return body + luhn.calc_check_digit(body)


def valid_siret(n: int, public: bool = True) -> str:
    siren_body = ("26" if public else "77") + f"{n:06d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment
        django_get_or_create = ("finess",)

    class Params:
        department_code = "67"
        normandie = factory.Trait(department_code="14")
        ehpad = factory.Trait(
            name=factory.Sequence(lambda n: f"EHPAD DES TESTS {n}"),
            category_code="500",
            category_label="Etablissement d'hébergement pour personnes âgées dépendantes",
            category_group_code="4401",
            sector="medico_social",
            legal_group="prive_non_lucratif",
        )

    finess = factory.LazyAttributeSequence(lambda o, n: valid_finess(o.department_code, 900000 + n))
    finess_ej = factory.LazyAttributeSequence(lambda o, n: valid_finess(o.department_code, 800000 + n))
    siret = factory.Sequence(lambda n: valid_siret(500000 + n))
    name = factory.Sequence(lambda n: f"CENTRE HOSPITALIER DES TESTS {n}")
    department = factory.LazyAttribute(lambda o: Department.objects.get(code=o.department_code))
    city = "SELESTAT"
    postal_code = "67600"
    category_code = "355"
    category_label = "Centre Hospitalier (C.H.)"
    category_group_code = "1102"
    sector = "sanitaire"
    legal_group = "public"
