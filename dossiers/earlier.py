"""What became of an establishment's actions funded by earlier calls — told by the follow-up, which sits above.

The follow-up (`monitoring`) is built on the conventions, which are built on the dossiers; yet the rule engine
(the two history rules), the action form (the renewal picker) and the instructor's page (« le respect des
conventions … précédents ») need what it knows. Rather than importing it upwards, the dossiers declare here what
they read, and the follow-up provides it when the apps are ready (`MonitoringConfig.ready`). Without a provider,
an establishment has no earlier funded action.
"""

from typing import Protocol

from eligibility.results import PriorAction


class EarlierFunding(Protocol):
    def prior_actions_for(self, dossier) -> tuple[PriorAction, ...]:
        """The establishment's actions funded by other calls, for the rule engine."""

    def prior_actions_of_many(self, establishment_ids, call_id: int) -> dict[int, tuple[PriorAction, ...]]:
        """The same for many establishments of one call, in a fixed number of queries (the simulation)."""

    def renewable_choices(self, dossier) -> list[tuple[str, str]]:
        """(reference, label) of the actions the dossier may renew, for the action form's picker."""

    def earlier_conventions(self, dossier) -> list[dict]:
        """Rows for the instructor's page: call, reference, title, granted_on, state, alert."""


class _NoEarlierFunding:
    def prior_actions_for(self, dossier) -> tuple[PriorAction, ...]:
        return ()

    def prior_actions_of_many(self, establishment_ids, call_id: int) -> dict[int, tuple[PriorAction, ...]]:
        return {pk: () for pk in establishment_ids}

    def renewable_choices(self, dossier) -> list[tuple[str, str]]:
        return []

    def earlier_conventions(self, dossier) -> list[dict]:
        return []


_provider: EarlierFunding = _NoEarlierFunding()


def earlier_funding_provide(provider: EarlierFunding) -> None:
    global _provider
    _provider = provider


def earlier_funding() -> EarlierFunding:
    return _provider
