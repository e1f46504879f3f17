"""The actions editor: add (nothing stored until saved, within the call's limit), edit with live totals,
reorder, remove after confirmation, quotes."""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.action_services import action_create, action_limit_reason
from dossiers.earlier import earlier_funding
from dossiers.forms import ActionForm, IndicatorFormSet, OtherFundingFormSet, QuoteForm
from dossiers.services import ActionValues
from dossiers.uploads import UploadRefused
from eligibility.engine import fundable_amount, subsidy_cap
from eligibility.funding_rules import minimum_own_share
from qvct.storage import StorageFull

from .common import lenient, porteur_dossier, porteur_section, valid_values

CENT = Decimal("0.01")


def action_list(request, reference: str, section: str = "actions"):
    dossier = porteur_section(request, reference, section)
    spec = dossier.call.spec
    actions = list(dossier.actions.all())
    return render(
        request,
        "dossiers/actions.html",
        {
            "dossier": dossier,
            "actions": actions,
            "editable": dossier.can_edit("actions"),
            "max_actions": spec.funding.max_actions if spec.funding else 0,
            "limit_reason": action_limit_reason(dossier, len(actions)),
            "breadcrumb_data": {
                "links": [{"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"}],
                "current": "Actions et plan de financement",
            },
        },
    )


def _rows(formset, *columns) -> list[tuple]:
    """The filled rows of a validated formset (a row without its first column is an empty extra row)."""
    return [tuple(f.cleaned_data[c] for c in columns) for f in formset if f.cleaned_data.get(columns[0])]


def action_add(request, reference: str):
    """A blank action form: the action exists only once saved, so leaving the page leaves nothing behind."""
    dossier = porteur_dossier(request, reference)
    spec = dossier.call.spec
    reason = (
        action_limit_reason(dossier) if dossier.can_edit("actions") else "Le dossier n'est plus modifiable."
    )
    if reason:
        messages.error(request, reason)
        return redirect("dossiers:section", reference=reference, section="actions")
    blank = dossier.actions.model(dossier=dossier, position=dossier.actions.count() + 1)
    if request.method == "POST":
        form = ActionForm(request.POST, spec=spec, renewable=earlier_funding().renewable_choices(dossier))
        funding, indicators = _formsets(blank, request.POST)
        if form.is_valid() and funding.is_valid() and indicators.is_valid():
            try:
                action = action_create(
                    dossier=dossier,
                    user=request.user,
                    values=_action_values(blank, form),
                    other_funding=_rows(funding, "funder", "amount"),
                    indicators=_rows(indicators, "name", "unit", "baseline", "target"),
                )
            except services.DossierError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Action « {action.title} » enregistrée.")
                if request.POST.get("operation") == "add_quote":
                    _quote_add(request, dossier, action)
                    return redirect("dossiers:action", reference=reference, pk=action.pk)
                return redirect("dossiers:section", reference=reference, section="actions")
    else:
        form = ActionForm(spec=spec, renewable=earlier_funding().renewable_choices(dossier))
        funding, indicators = _formsets(blank)
    return render(
        request,
        "dossiers/action.html",
        {
            "dossier": dossier,
            "action": blank,
            "new": True,
            "editable": True,
            "form": form,
            "funding_formset": funding,
            "indicator_formset": indicators,
            "quote_form": QuoteForm(prefix="devis"),
            "spec": spec,
            "breadcrumb_data": {
                "links": [
                    {"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"},
                    {"url": f"{dossier.get_absolute_url()}actions/", "title": "Actions"},
                ],
                "current": "Nouvelle action",
            },
        },
    )


def totals(action, spec) -> dict:
    """Live figures of an action's budget: balance, the subsidy rate's cap and the fundable amount."""
    other = sum((f.amount for f in action.other_funding.all()), Decimal(0))
    total = action.requested + action.own_funding + other
    rate = spec.funding.subsidy_rate if spec.funding else Decimal(0)
    minimum_own = spec.funding.min_cofinancing_rate if spec.funding else Decimal(0)
    cap = subsidy_cap(action.cost, spec)
    # The call's minimum own share is read on the whole dossier (all its actions), not action by action.
    sums = action.dossier.actions.aggregate(cost=Sum("cost"), own=Sum("own_funding"))
    dossier_cost, dossier_own = sums["cost"] or Decimal(0), sums["own"] or Decimal(0)
    dossier_min_own = minimum_own_share(dossier_cost, spec.funding) if spec.funding else Decimal(0)
    return {
        "other": other,
        "total": total,
        "gap": action.cost - total,
        "balanced": total.quantize(CENT) == action.cost.quantize(CENT),
        "rate": rate,
        "cap": cap,
        "fundable": fundable_amount(action.requested, action.cost, spec),
        "above_rate": action.requested > cap,
        "min_own_rate": minimum_own,
        "dossier_cost": dossier_cost,
        "dossier_own": dossier_own,
        "min_own": dossier_min_own,
        "own_too_low": dossier_own < dossier_min_own,
    }


def _formsets(action, data=None):
    """Funders and indicators of the action; a POST is read as it is, never compared with what is stored."""
    if action.pk is None:
        # A new action has no funders nor indicators yet: blank rows, or the rows just posted.
        return OtherFundingFormSet(data, prefix="financeurs"), IndicatorFormSet(data, prefix="indicateurs")
    if data is not None:
        # With `initial`, a posted row equal to the stored one would count as an unchanged extra row and be
        # dropped from cleaned_data: the save would then erase what an autosave had just stored.
        return OtherFundingFormSet(data, prefix="financeurs"), IndicatorFormSet(data, prefix="indicateurs")
    funding = OtherFundingFormSet(
        prefix="financeurs",
        initial=[{"funder": f.funder, "amount": f.amount} for f in action.other_funding.all()],
    )
    indicators = IndicatorFormSet(
        prefix="indicateurs",
        initial=[
            {"name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target}
            for i in action.indicators.all()
        ],
    )
    return funding, indicators


def _action_values(action, form) -> ActionValues:
    values = {name: getattr(action, name) for name in ActionValues.__dataclass_fields__}
    cleaned = valid_values(form, [*form.fields, "axis"])
    for name, value in cleaned.items():
        if name in values:
            values[name] = value if value is not None else ("" if isinstance(values[name], str) else value)
    for name in ("cost", "requested", "own_funding"):
        values[name] = values[name] if values[name] is not None else Decimal(0)
    if form.cleaned_data.get("theme") is not None:
        theme = form.spec.theme(form.cleaned_data.get("theme") or "")
        values["axis"] = theme.axis if theme else ""
    return ActionValues(**values)


def action_edit(request, reference: str, pk: int):
    dossier = porteur_dossier(request, reference)
    action = get_object_or_404(dossier.actions.all(), pk=pk)
    spec = dossier.call.spec
    editable = dossier.can_edit(f"action:{action.pk}")
    if request.method == "POST" and editable:
        form = ActionForm(request.POST, spec=spec, renewable=earlier_funding().renewable_choices(dossier))
        funding, indicators = _formsets(action, request.POST)
        if request.htmx:
            lenient(form)
        form.is_valid()
        try:
            services.action_update(action=action, user=request.user, values=_action_values(action, form))
            if funding.is_valid() and indicators.is_valid():
                services.action_funding_set(
                    action=action,
                    user=request.user,
                    other_funding=[
                        (f.cleaned_data["funder"], f.cleaned_data["amount"])
                        for f in funding
                        if f.cleaned_data.get("funder")
                    ],
                    indicators=[
                        (
                            i.cleaned_data["name"],
                            i.cleaned_data["unit"],
                            i.cleaned_data["baseline"],
                            i.cleaned_data["target"],
                        )
                        for i in indicators
                        if i.cleaned_data.get("name")
                    ],
                )
        except services.DossierError as error:
            form.add_error(None, str(error))
        # A co-editor may have removed the action meanwhile: the write was refused, the page is gone.
        action = get_object_or_404(
            dossier.actions.model.objects.prefetch_related("other_funding", "indicators", "quotes"),
            pk=action.pk,
        )
        if request.htmx:
            return render(
                request,
                "dossiers/includes/action_saved.html",
                {
                    "form": form,
                    "saved_at": timezone.localtime(),
                    "totals": totals(action, spec),
                    "action": action,
                },
            )
        if request.POST.get("operation") == "add_quote":
            # The quote travels with the rest of the form: nothing typed is lost by uploading it.
            _quote_add(request, dossier, action)
            return redirect("dossiers:action", reference=reference, pk=pk)
        if not form.errors and funding.is_valid() and indicators.is_valid():
            messages.success(request, f"Action « {action.title} » enregistrée.")
            return redirect("dossiers:section", reference=reference, section="actions")
    else:
        initial = {name: getattr(action, name) for name in ActionForm.base_fields}
        form = ActionForm(initial=initial, spec=spec, renewable=earlier_funding().renewable_choices(dossier))
        funding, indicators = _formsets(action)
    return render(
        request,
        "dossiers/action.html",
        {
            "dossier": dossier,
            "action": action,
            "editable": editable,
            "form": form,
            "funding_formset": funding,
            "indicator_formset": indicators,
            "quote_form": QuoteForm(prefix="devis"),
            "quotes": list(action.quotes.all()),
            "totals": totals(action, spec),
            "spec": spec,
            "breadcrumb_data": {
                "links": [
                    {"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"},
                    {"url": f"{dossier.get_absolute_url()}actions/", "title": "Actions"},
                ],
                "current": f"Action {action.position}",
            },
        },
    )


def action_remove(request, reference: str, pk: int):
    """Asks before removing (a page, so that it works without script); only the POST removes."""
    dossier = porteur_dossier(request, reference)
    action = get_object_or_404(dossier.actions.all(), pk=pk)
    if request.method != "POST":
        return render(
            request,
            "dossiers/action_remove.html",
            {
                "dossier": dossier,
                "action": action,
                "editable": dossier.can_edit("actions"),
                "breadcrumb_data": {
                    "links": [
                        {"url": dossier.get_absolute_url(), "title": f"Dossier {dossier.reference}"},
                        {"url": f"{dossier.get_absolute_url()}actions/", "title": "Actions"},
                    ],
                    "current": f"Supprimer l'action {action.position}",
                },
            },
        )
    try:
        services.action_remove(action=action, user=request.user)
        messages.success(request, f"Action « {action.title} » supprimée.")
    except services.DossierError as error:
        messages.error(request, str(error))
    return redirect("dossiers:section", reference=reference, section="actions")


@require_POST
def action_move(request, reference: str, pk: int, direction: str):
    dossier = porteur_dossier(request, reference)
    action = get_object_or_404(dossier.actions.all(), pk=pk)
    try:
        services.action_move(action=action, user=request.user, offset=-1 if direction == "monter" else 1)
    except services.DossierError as error:
        messages.error(request, str(error))
    return redirect("dossiers:section", reference=reference, section="actions")


def _quote_add(request, dossier, action) -> None:
    form = QuoteForm(request.POST, request.FILES, prefix="devis")
    if not form.is_valid():
        messages.error(request, "Choisissez le fichier du devis avant de l'ajouter.")
        return
    try:
        services.document_add(
            dossier=dossier,
            user=request.user,
            kind="quote",
            upload=form.cleaned_data["file"],
            action=action,
            supplier=form.cleaned_data["supplier"],
            amount=form.cleaned_data["amount"],
        )
        messages.success(request, f"Devis « {form.cleaned_data['file'].name} » ajouté.")
    except (UploadRefused, services.DossierError, StorageFull) as error:
        messages.error(request, str(error))
