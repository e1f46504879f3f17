"""The dossier's summary page and its form sections (`FORM_SECTIONS`: key, title, form, save service), each saved
field by field as the porteur types (htmx)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.utils import timezone

from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.forms import (
    IdentificationForm,
    MotivationForm,
    PartnersForm,
    ProjectForm,
    TrinomeForm,
)
from dossiers.history import timeline
from dossiers.sections import (
    TITLES,
    dossier_sections,
    finding_section,
    finding_url,
    without_lifted,
)
from dossiers.selectors import dossier_queryset
from dossiers.workflow import visible_to_establishment

from .coeditors import coeditors_context
from .common import lenient, porteur_dossier, porteur_section, valid_values


def _written_above(dossier, name: str):
    """The dossier's `letter` (funding), `convention` (agreements), `selection` or `cohort_membership`
    (support), read through the reverse relation, as dossiers imports none of the apps above it."""
    try:
        return getattr(dossier, name)
    except ObjectDoesNotExist:
        return None


def _breadcrumb(dossier, current: str | None = None) -> dict:
    links = [{"url": "/espace/etablissement/", "title": "Mon espace"}]
    if current:
        links.append({"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"})
    return {"links": links, "current": current or f"Dossier {dossier.reference}"}


def detail(request, reference: str):
    dossier = porteur_dossier(request, reference)
    result = without_lifted(dossier, services.dossier_check(dossier))
    actions = list(dossier.actions.all())
    rounds = list(dossier.complement_requests.all())
    findings = [
        {"finding": finding, "url": finding_url(dossier, finding, actions)} for finding in result.findings
    ]
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "spec": dossier.call.spec,
            "sections": dossier_sections(dossier, result),
            "result": result,
            "findings": findings,
            "actions": actions,
            "attachments": [d for d in dossier.documents.all() if d.action_id is None],
            "history": timeline(event for event in dossier.events.all() if visible_to_establishment(event)),
            **coeditors_context(dossier, request.user),
            "current_round": rounds[-1]
            if rounds and dossier.status == DossierStatus.COMPLEMENTS_REQUESTED
            else None,
            "message_count": dossier.messages.count(),
            "letter": _written_above(dossier, "letter"),
            "convention": _written_above(dossier, "convention"),
            # The support programme's decision and cohort (support, above dossiers).
            "selection": _written_above(dossier, "selection"),
            "cohort_membership": _written_above(dossier, "cohort_membership"),
            "breadcrumb_data": _breadcrumb(dossier),
        },
    )


def section_findings(dossier, section: str, *, fresh: bool = True) -> list[dict]:
    """The findings of the dossier as it is now that concern one section, each with where to fix it. `fresh`:
    read again after a save (with what a co-editor saved meanwhile); otherwise `dossier` is the one just loaded
    with `selectors.dossier_queryset()`."""

    if fresh:
        dossier = dossier_queryset().get(pk=dossier.pk)
    actions = list(dossier.actions.all())
    return [
        {"finding": finding, "url": finding_url(dossier, finding, actions)}
        for finding in without_lifted(dossier, services.dossier_check(dossier)).findings
        if finding_section(finding) == section
    ]


def _fields_form(form_class, options=lambda dossier: {}):
    """A form whose fields are columns of the dossier, filled from them."""

    def build(dossier, data=None):
        initial = {name: getattr(dossier, name) for name in form_class.base_fields}
        return form_class(data, initial=initial, **options(dossier))

    return build


def _motivation_form(dossier, data=None):
    return MotivationForm(data, initial=dict(dossier.motivation), spec=dossier.call.spec)


def _trinome_form(dossier, data=None):
    initial = {}
    for member in dossier.trinome.all():
        initial[f"{member.role}_name"], initial[f"{member.role}_email"] = member.name, member.email
    return TrinomeForm(data, initial=initial)


def _partners_form(dossier, data=None):
    return PartnersForm(
        data, initial={"finess": "\n".join(p.establishment.finess for p in dossier.partners.all())}
    )


def _save_fields(page, dossier, form, user) -> None:
    services.dossier_update(
        dossier=dossier, user=user, section=page.title, values=valid_values(form, form.fields)
    )


def _save_motivation(page, dossier, form, user) -> None:
    values = valid_values(form, form.fields)
    services.dossier_update(
        dossier=dossier,
        user=user,
        section=page.title,
        values={"motivation": {**dossier.motivation, **values}},
    )


def _save_trinome(page, dossier, form, user) -> None:
    if form.is_valid():
        services.trinome_update(dossier=dossier, user=user, members=form.members())


def _save_partners(page, dossier, form, user) -> None:
    if form.is_valid():
        services.partners_set(dossier=dossier, user=user, establishments=form.cleaned_data["finess"])


@dataclass(frozen=True)
class FormSection:
    """A section the porteur fills in as one form, saved field by field; `actions` and `pieces` have their own
    pages (`views/actions.py`, `views/documents.py`)."""

    key: str
    form: Callable  # (dossier, data=None) -> the bound or unbound form
    save: Callable  # (page, dossier, form, user) -> None, through the dossier's services

    @property
    def title(self) -> str:
        return TITLES[self.key]


FORM_SECTIONS = {
    page.key: page
    for page in (
        FormSection(
            "identification",
            _fields_form(
                IdentificationForm, lambda dossier: {"support_program": not dossier.call.is_funding}
            ),
            _save_fields,
        ),
        FormSection("projet", _fields_form(ProjectForm), _save_fields),
        FormSection("motivation", _motivation_form, _save_motivation),
        FormSection("trinome", _trinome_form, _save_trinome),
        FormSection("partenaires", _partners_form, _save_partners),
    )
}


def section(request, reference: str, section: str):
    """The page of one form section of `FORM_SECTIONS` (the URLs name each key)."""
    saving = request.method == "POST"
    # A save reads the dossier's related rows once, after writing (`section_findings`), not before as well.
    dossier = porteur_section(request, reference, section, related=not saving)
    page = FORM_SECTIONS[section]
    editable = dossier.can_edit(section)
    if saving and editable:
        form = page.form(dossier, request.POST)
        if not request.htmx:
            # The explicit save checks what the section requires; autosave keeps whatever is valid.
            form.is_valid()
        else:
            lenient(form)
        try:
            page.save(page, dossier, form, request.user)
        except services.DossierError as error:
            form.add_error(None, str(error))
        if request.htmx:
            return render(
                request,
                "dossiers/includes/section_saved.html",
                {
                    "form": form,
                    "saved_at": timezone.localtime(),
                    "dossier": dossier,
                    "section_findings": section_findings(dossier, section),
                    "oob": True,
                },
            )
        if not form.errors:
            messages.success(request, f"Section « {page.title} » enregistrée.")
            return redirect(dossier)
    else:
        form = page.form(dossier)
    return render(
        request,
        "dossiers/section.html",
        {
            "dossier": dossier,
            "section": section,
            "title": page.title,
            "form": form,
            "editable": editable,
            "section_findings": section_findings(dossier, section, fresh=saving),
            "breadcrumb_data": _breadcrumb(dossier, page.title),
        },
    )
