"""The sections of a dossier for its call, with their completeness and the findings that concern each one."""

from dataclasses import dataclass, field, replace

from django.urls import reverse

from eligibility.catalog import section_of
from eligibility.engine import CheckResult, Finding

from .forms import IdentificationForm, ProjectForm
from .models import Dossier

TITLES = {
    "identification": "Identification de l'établissement",
    "projet": "Présentation du projet",
    "partenaires": "Établissements partenaires",
    "actions": "Actions et plan de financement",
    "trinome": "Trinôme",
    "motivation": "Motivation",
    "pieces": "Pièces à joindre",
}


def sections_of(dossier: Dossier) -> list[str]:
    if dossier.call.is_funding:
        return ["identification", "projet", "partenaires", "actions", "pieces"]
    return ["identification", "trinome", "motivation", "pieces"]


@dataclass
class Section:
    key: str
    title: str
    url: str
    missing: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not any(f.severity == "blocking" for f in self.findings)


def _required_missing(form_class, dossier: Dossier, **kwargs) -> list[str]:
    form = form_class(**kwargs)
    return [
        str(field.label)
        for name, field in form.fields.items()
        if field.required and getattr(dossier, name, None) in (None, "")
    ]


def finding_section(finding: Finding) -> str:
    if finding.action is not None:
        return "actions"
    return section_of(finding.code)


def finding_url(dossier: Dossier, finding: Finding, actions: list) -> str:
    if finding.action is not None and finding.action <= len(actions):
        return reverse(
            "dossiers:action", kwargs={"reference": dossier.reference, "pk": actions[finding.action - 1].pk}
        )
    section = finding_section(finding)
    if section == "depot":
        return dossier.get_absolute_url()
    return reverse("dossiers:section", kwargs={"reference": dossier.reference, "section": section})


def without_lifted(dossier: Dossier, result: CheckResult) -> CheckResult:
    """The check as the porteur sees it: the findings that still hold, without those an instructor lifted."""
    lifted = {(override.code, override.action) for override in dossier.overrides.all()}
    if not lifted:
        return result
    return replace(
        result,
        findings=tuple(f for f in result.findings if (str(f.code), f.action or 0) not in lifted),
    )


def dossier_sections(dossier: Dossier, result: CheckResult) -> list[Section]:
    """Expects the dossier loaded with `selectors.dossier_queryset()`."""
    support = not dossier.call.is_funding
    sections = []
    for key in sections_of(dossier):
        url = reverse("dossiers:section", kwargs={"reference": dossier.reference, "section": key})
        section = Section(key, TITLES[key], url)
        if key == "identification":
            section.missing = _required_missing(IdentificationForm, dossier, support_program=support)
        elif key == "projet":
            section.missing = _required_missing(ProjectForm, dossier)
        elif key == "motivation":
            section.missing = [
                c.title
                for c in dossier.call.spec.criteria
                if not (dossier.motivation.get(c.code) or "").strip()
            ]
        elif key == "actions":
            for action in dossier.actions.all():
                blanks = [
                    label for name, label in ACTION_REQUIRED.items() if getattr(action, name) in (None, "")
                ]
                if blanks:
                    section.missing.append(f"action {action.position} : {', '.join(blanks)}")
        section.findings = [finding for finding in result.findings if finding_section(finding) == key]
        sections.append(section)
    return sections


ACTION_REQUIRED = {
    "title": "intitulé",
    "theme": "thématique",
    "description": "description",
    "start": "début",
    "end": "fin",
    "agents_concerned": "agents concernés",
    "expense_nature": "nature de la dépense",
}
