"""The `documents` part of the call-definition format: what the notification letters and conventions say.

Kept apart from calls/definition.py, which imports it. Every value is empty by default and editable per call
by a campaign manager, because the calls' texts do not say them (docs/call-definition.md).
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Signatory(_Strict):
    """Who signs the letters and, for the agency, the conventions."""

    name: str = ""
    title: str = ""


class Documents(_Strict):
    payment_terms: str = ""
    communication_mention: str = ""
    signatory: Signatory = Signatory()


class OpenData(_Strict):
    """What the open data of the call's grants (SCDL « Subventions ») says of the agency that grants them."""

    attributor: Annotated[str, Field(min_length=1, max_length=200)]  # nomAttribuant
    siret: Annotated[str, Field(pattern=r"^\d{14}$")]  # idAttribuant: the agency's SIRET, 14 digits
    # conditionsVersement: « unique », « échelonné », or the terms in words (256 characters at most).
    payment_conditions: Annotated[str, Field(min_length=1, max_length=256)] = "unique"
