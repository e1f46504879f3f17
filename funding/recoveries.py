"""Recoveries of earlier calls deducted from this call's notifications — told by the follow-up, which sits above.

« récupération … lors de la prochaine notification de crédits »: the follow-up (`monitoring`) closes the actions
of a funded call and computes what is to be recovered; the next call's decisions, simulation and letters deduct
it. Rather than importing it upwards, funding declares here what it reads, and the follow-up provides it when the
apps are ready (`MonitoringConfig.ready`). Without a provider, nothing is deducted.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol


class Recoveries(Protocol):
    def deductions_for(self, dossier) -> tuple[list, Decimal]:
        """The closings deducted from this dossier's notification, and their total."""

    def deductions_mark(self, dossier, closings) -> None:
        """Inside the letter's transaction: these closings are now deducted by this notification."""

    def deduction_rows(self, call, decisions) -> list[dict]:
        """For the decisions page: dossier, closings, granted, deduction and net, per dossier with a deduction."""

    def net_of_scenario(
        self, call, funded_references: Iterable[str], total: Decimal
    ) -> tuple[Decimal, Decimal]:
        """The recoveries the scenario's funded dossiers would carry, and the net total paid out."""


class _NoRecoveries:
    def deductions_for(self, dossier) -> tuple[list, Decimal]:
        return [], Decimal(0)

    def deductions_mark(self, dossier, closings) -> None:
        return None

    def deduction_rows(self, call, decisions) -> list[dict]:
        return []

    def net_of_scenario(self, call, funded_references, total: Decimal) -> tuple[Decimal, Decimal]:
        return Decimal(0), total


_provider: Recoveries = _NoRecoveries()


def recoveries_provide(provider: Recoveries) -> None:
    global _provider
    _provider = provider


def recoveries() -> Recoveries:
    return _provider
