"""Enumerations of the reference data, with the codes of the `qvct.dossier/1` format."""

from django.db import models


class Sector(models.TextChoices):
    SANITAIRE = "sanitaire", "Sanitaire"
    MEDICO_SOCIAL = "medico_social", "Médico-social"
    SOCIAL = "social", "Social"


class LegalGroup(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVE_NON_LUCRATIF = "prive_non_lucratif", "Privé non lucratif"
    PRIVE_LUCRATIF = "prive_lucratif", "Privé lucratif"
    UNKNOWN = "", "À préciser"


# The FINESS legal-status table groups codes more finely than the calls do; this maps its groups to ours.
STATUS_GROUP_TO_LEGAL_GROUP = {
    "public_etat_collectivites": LegalGroup.PUBLIC,
    "public_etablissement_public": LegalGroup.PUBLIC,
    "prive_non_lucratif": LegalGroup.PRIVE_NON_LUCRATIF,
    "prive_commercial": LegalGroup.PRIVE_LUCRATIF,
}
