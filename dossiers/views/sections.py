"""The dossier's summary page and its sections, each saved field by field as the porteur types (htmx)."""

from django.contrib import messages
from django.http import Http404
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
    sections_of,
    without_lifted,
)
from dossiers.workflow import visible_to_establishment

from .coeditors import coeditors_context
from .common import lenient, porteur_dossier, valid_values


def _letter(dossier):
    from funding.models import Letter

    return Letter.objects.filter(dossier=dossier).first()


def _convention(dossier):
    from agreements.models import Convention

    return Convention.objects.filter(dossier=dossier).first()


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
            "letter": _letter(dossier),
            "convention": _convention(dossier),
            "breadcrumb_data": _breadcrumb(dossier),
        },
    )


def section_findings(dossier, section: str) -> list[dict]:
    """The findings of the dossier as it is now that concern one section, each with where to fix it."""
    from dossiers.selectors import dossier_queryset

    dossier = dossier_queryset().get(pk=dossier.pk)
    actions = list(dossier.actions.all())
    return [
        {"finding": finding, "url": finding_url(dossier, finding, actions)}
        for finding in without_lifted(dossier, services.dossier_check(dossier)).findings
        if finding_section(finding) == section
    ]


def _form_for(section: str, dossier, data=None):
    spec = dossier.call.spec
    if section == "identification":
        initial = {name: getattr(dossier, name) for name in IdentificationForm.base_fields}
        return IdentificationForm(data, initial=initial, support_program=not dossier.call.is_funding)
    if section == "projet":
        return ProjectForm(data, initial={name: getattr(dossier, name) for name in ProjectForm.base_fields})
    if section == "motivation":
        return MotivationForm(data, initial=dict(dossier.motivation), spec=spec)
    if section == "trinome":
        initial = {}
        for member in dossier.trinome.all():
            initial[f"{member.role}_name"], initial[f"{member.role}_email"] = member.name, member.email
        return TrinomeForm(data, initial=initial)
    if section == "partenaires":
        return PartnersForm(
            data, initial={"finess": "\n".join(p.establishment.finess for p in dossier.partners.all())}
        )
    return None


def _save(section: str, dossier, form, user) -> None:
    if section in {"identification", "projet"}:
        services.dossier_update(
            dossier=dossier, user=user, section=TITLES[section], values=valid_values(form, form.fields)
        )
    elif section == "motivation":
        values = valid_values(form, form.fields)
        services.dossier_update(
            dossier=dossier,
            user=user,
            section=TITLES[section],
            values={"motivation": {**dossier.motivation, **values}},
        )
    elif section == "trinome" and form.is_valid():
        services.trinome_update(dossier=dossier, user=user, members=form.members())
    elif section == "partenaires" and form.is_valid():
        services.partners_set(dossier=dossier, user=user, establishments=form.cleaned_data["finess"])


def section(request, reference: str, section: str):
    dossier = porteur_dossier(request, reference)
    if section not in sections_of(dossier):
        raise Http404("Section inconnue")
    if section in {"actions", "pieces"}:
        from . import actions, documents

        return (actions.action_list if section == "actions" else documents.document_list)(request, dossier)
    editable = dossier.can_edit(section)
    if request.method == "POST" and editable:
        form = _form_for(section, dossier, request.POST)
        if not request.htmx:
            # The explicit save checks what the section requires; autosave keeps whatever is valid.
            form.is_valid()
        else:
            lenient(form)
        try:
            _save(section, dossier, form, request.user)
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
            messages.success(request, f"Section « {TITLES[section]} » enregistrée.")
            return redirect(dossier)
    else:
        form = _form_for(section, dossier)
    return render(
        request,
        "dossiers/section.html",
        {
            "dossier": dossier,
            "section": section,
            "title": TITLES[section],
            "form": form,
            "editable": editable,
            "section_findings": section_findings(dossier, section),
            "breadcrumb_data": _breadcrumb(dossier, TITLES[section]),
        },
    )
