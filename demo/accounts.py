"""The demo data set: calls, sample establishments and one fixed account per role (password `qvct-demo`)."""

from dataclasses import dataclass

from django.db import transaction

from accounts.enums import Role, TrinomeRole
from accounts.models import EstablishmentMembership, RegionMembership, User
from calls.services import calls_load
from referential.models import Establishment, LegalStatus
from referential.sample import FIXED, SAMPLE_PATH
from referential.services import finess_import

from .call import demo_open_data
from .dossiers import demo_call, demo_dossiers_load

DEMO_PASSWORD = "qvct-demo"
GRAND_EST, NORMANDIE = "44", "28"
SELESTAT, TILLEULS = FIXED[0].finess, FIXED[1].finess


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    first_name: str
    last_name: str
    description: str
    regions: tuple[str, ...] = ()
    establishment: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount(
        "porteur@example.org",
        Role.ESTABLISHMENT,
        "Claire",
        "Martin",
        "porteur, direction du Centre hospitalier de Sélestat (Bas-Rhin)",
        establishment=SELESTAT,
    ),
    DemoAccount(
        "porteur-normandie@example.org",
        Role.ESTABLISHMENT,
        "Paul",
        "Lefèvre",
        "porteur, direction de l'EHPAD Les Tilleuls à Bayeux (Calvados)",
        establishment=TILLEULS,
    ),
    DemoAccount(
        "instructeur@example.org",
        Role.INSTRUCTOR,
        "Inès",
        "Bernard",
        "instructrice, ARS Grand Est",
        regions=(GRAND_EST,),
    ),
    DemoAccount(
        "gestionnaire@example.org",
        Role.MANAGER,
        "Marc",
        "Durand",
        "gestionnaire de campagne, ARS Grand Est et Normandie",
        regions=(GRAND_EST, NORMANDIE),
    ),
    DemoAccount(
        "comite@example.org",
        Role.COMMITTEE,
        "Sophie",
        "Petit",
        "membre de comité, Grand Est et Normandie",
        regions=(GRAND_EST, NORMANDIE),
    ),
    DemoAccount(
        "aract@example.org",
        Role.ARACT,
        "Elsa",
        "Mouret",
        "chargée de mission, ARACT Normandie",
        regions=(NORMANDIE,),
    ),
    DemoAccount(
        "lecteur@example.org",
        Role.VIEWER,
        "Louis",
        "Robert",
        "lecteur des statistiques, Grand Est et Normandie",
        regions=(GRAND_EST, NORMANDIE),
    ),
    DemoAccount(
        "admin@example.org", Role.ADMIN, "Alice", "Moreau", "administratrice", regions=(GRAND_EST, NORMANDIE)
    ),
]


def demo_load(*, import_establishments: bool = True) -> None:
    """Loads (or reloads) the demo data; running it again leaves the database as after the first run."""
    calls_load()
    demo_open_data("clact-grand-est-2024")  # the demo's campaign: its signed conventions become open data
    if import_establishments:
        with SAMPLE_PATH.open("rb") as stream:
            finess_import(stream=stream)
    with transaction.atomic():
        # The ET extract has no legal status: the demo sets the one of its private EHPAD.
        Establishment.objects.filter(finess=TILLEULS, legal_status__isnull=True).update(
            legal_status=LegalStatus.objects.get(code="60"), legal_group="prive_non_lucratif", ght=""
        )
        Establishment.objects.filter(finess=SELESTAT).update(ght="GHT 10 — Alsace Centre Sud")
        for account in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(email=account.email, defaults={"role": account.role})
            user.role = account.role
            user.first_name, user.last_name = account.first_name, account.last_name
            user.is_active = True
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
            user.save()
            for region in account.regions:
                RegionMembership.objects.get_or_create(user=user, region_id=region)
            if account.establishment:
                EstablishmentMembership.objects.get_or_create(
                    user=user,
                    establishment=Establishment.objects.get(finess=account.establishment),
                    defaults={"trinome_role": TrinomeRole.DIRECTION},
                )

    demo_call()
    demo_dossiers_load(
        {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    )


def demo_accounts_text() -> str:
    lines = [f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :"]
    lines += [f"  {account.email:<32} {account.description}" for account in DEMO_ACCOUNTS]
    return "\n".join(lines)
