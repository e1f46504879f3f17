"""Factories for users, with one trait per role; agents belong to regions, porteurs to an establishment."""

import factory

from accounts.enums import Role
from accounts.models import EstablishmentMembership, RegionMembership, User
from tests.referential.factories import EstablishmentFactory

PASSWORD = "mot-de-passe-de-test"
DEFAULT_REGION = {Role.ARACT: "28"}


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(instructor=True, regions=["28"])`, `UserFactory(establishment=some_establishment)`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        establishment_user = factory.Trait(role=Role.ESTABLISHMENT)
        instructor = factory.Trait(role=Role.INSTRUCTOR)
        manager = factory.Trait(role=Role.MANAGER)
        committee = factory.Trait(role=Role.COMMITTEE)
        aract = factory.Trait(role=Role.ARACT)
        viewer = factory.Trait(role=Role.VIEWER)
        admin = factory.Trait(role=Role.ADMIN)

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    role = Role.ESTABLISHMENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def establishment(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        if obj.role == Role.ESTABLISHMENT:
            EstablishmentMembership.objects.create(
                user=obj, establishment=extracted or EstablishmentFactory()
            )

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if not create or obj.role in {Role.ESTABLISHMENT, Role.ADMIN}:
            return
        codes = extracted if extracted is not None else [DEFAULT_REGION.get(obj.role, "44")]
        for code in codes:
            RegionMembership.objects.create(user=obj, region_id=code)
