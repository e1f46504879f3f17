"""Cohort building and its warnings, pure (no Django): plain facts in, French warnings out; never a refusal."""

from dataclasses import dataclass


@dataclass(frozen=True)
class MemberFacts:
    key: int
    name: str
    department: str
    host: bool = False


@dataclass(frozen=True)
class CohortRules:
    """Read from the call definition (`program.cohort`, `program.host_establishments`, `departments`)."""

    min_size: int
    max_size: int
    hosts: int | None
    departments: tuple[str, ...] = ()


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count <= 1 else many}"


def cohort_warnings(members: list[MemberFacts], rules: CohortRules) -> list[str]:
    """What the ARS and the ARACT should know about a cohort, each with its reason."""
    warnings = []
    size = len(members)
    if not rules.min_size <= size <= rules.max_size:
        warnings.append(
            f"Le groupe compte {_n(size, 'établissement', 'établissements')} : l'appel en prévoit "
            f"{rules.min_size} à {rules.max_size} par action collective."
        )
    outside = sorted(
        {m.department for m in members if rules.departments and m.department not in rules.departments}
    )
    if outside:
        warnings.append(
            f"Des établissements sont hors des départements de la vague ({', '.join(outside)}) : l'appel "
            f"retient les départements {', '.join(rules.departments)}."
        )
    if rules.hosts:
        departments = {m.department for m in members}
        if len(departments) < rules.hosts:
            covered = _n(len(departments), "département", "départements")
            warnings.append(
                f"Les établissements du groupe ne couvrent que {covered} : l'appel prévoit {rules.hosts} "
                "sites d'accueil dans des départements différents."
            )
        hosts = [m for m in members if m.host]
        if len(hosts) != rules.hosts:
            chosen = _n(len(hosts), "site d'accueil choisi", "sites d'accueil choisis")
            warnings.append(f"{chosen} : l'appel en prévoit {rules.hosts}.")
        host_departments = {m.department for m in hosts}
        if len(host_departments) < len(hosts):
            warnings.append(
                "Deux sites d'accueil sont dans le même département : l'appel les veut sur des sites "
                "géographiques différents."
            )
    return warnings


def hosts_propose(members: list[MemberFacts], rules: CohortRules) -> set[int]:
    """A first choice of host sites: one establishment per department, in the call's order of departments."""
    if not rules.hosts:
        return set()
    order = {code: index for index, code in enumerate(rules.departments)}
    chosen, seen = [], set()
    for member in sorted(members, key=lambda m: (order.get(m.department, len(order)), m.department, m.name)):
        if member.department not in seen:
            seen.add(member.department)
            chosen.append(member.key)
    return set(chosen[: rules.hosts])
