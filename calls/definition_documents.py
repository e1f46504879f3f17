"""The `documents` part of the call-definition format: what the notification letters and conventions say.

Kept apart from calls/definition.py, which imports it. Every value is empty by default and editable per call
by a campaign manager, because the calls' texts do not say them (docs/call-definition.md).
"""

from pydantic import BaseModel, ConfigDict


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
