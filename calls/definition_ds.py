"""The `demarches_simplifiees` part of the call-definition format: where a call's dossiers are filed on DS.

It says which démarche holds them and how its champs (by label or by champ id) map onto `qvct.dossier/1`:
identification and project texts, a repetition block for the actions, files for the attachments. Kept apart
from calls/definition.py, which imports it (docs/call-definition.md).
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The `qvct.dossier/1` fields a DS champ may fill, by their path in the document.
DossierField = Literal[
    "establishment.contact_name",
    "establishment.email",
    "establishment.phone",
    "establishment.ght",
    "establishment.headcount",
    "establishment.fte_medical",
    "establishment.fte_non_medical",
    "establishment.beds_and_places",
    "establishment.absenteeism_rate",
    "establishment.turnover_rate",
    "project.scope",
    "project.diagnostic",
    "project.objectives",
    "project.schedule",
    "project.follow_up",
]
ActionField = Literal[
    "title",
    "axis",
    "theme",
    "catalog_item",
    "description",
    "motivation",
    "start",
    "end",
    "agents_concerned",
    "expense_nature",
    "cost",
    "requested",
    "own_funding",
]
ChampRef = str  # a champ's label as DS shows it, or its champ descriptor id (steadier when labels change)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class DsActions(_Strict):
    block: ChampRef = Field(min_length=1, description="the repetition champ, one row per action")
    fields: dict[ActionField, ChampRef] = {}
    quote: ChampRef = ""


class DemarchesSimplifiees(_Strict):
    demarche: int = Field(ge=1)
    fields: dict[DossierField, ChampRef] = {}
    actions: DsActions | None = None
    attachments: dict[str, ChampRef] = {}
