"""Staff pages: the county's catalog (browse, edit) and each unit's adoption (its unit plan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind
from gongkai.core.staff_request import AuthedHttpRequest

from . import actions
from .forms import AdoptionForm, CatalogItemForm
from .models import Adoption, Catalog, CatalogItem
from .reads import tree


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _catalog_for(request: HttpRequest) -> Catalog:
    """The catalog of the county the user works in (or the one asked for by ?county=)."""
    code = request.GET.get("county", "")
    counties = Unit.objects.counties()
    if code:
        counties = counties.by_code(code)
    for county in counties.order_by("position", "pk"):
        if access.can_within(request.user, Perm.USE_BACKOFFICE, county):
            catalog = Catalog.objects.filter(county=county).first()
            if catalog is not None:
                return catalog
    raise Http404(_("No disclosure catalog is set up for your county."))


@login_required
def browse(request: AuthedHttpRequest) -> HttpResponse:
    catalog = _catalog_for(request)
    may_edit = access.can(request.user, Perm.EDIT_CATALOG, catalog.county)
    items = catalog.items.of_county().in_order()
    if not may_edit:
        items = items.active()
    own = catalog.items.exclude(owner__isnull=True).select_related("owner").in_order()
    context = {
        "catalog": catalog,
        "tree": tree(items),
        "own": own,
        "may_edit": may_edit,
        "units": access.units(request.user, Perm.ADOPT_CATALOG).filter(
            kind__in=[UnitKind.TOWNSHIP, UnitKind.OFFICE]
        ),
    }
    return render(request, "catalog/browse.html", context)


@login_required
def item_new(request: AuthedHttpRequest) -> HttpResponse:
    catalog = _catalog_for(request)
    access.require(request.user, Perm.EDIT_CATALOG, catalog.county)
    form = CatalogItemForm(request.POST or None, initial={"channels": ["website", "board"]})
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_item(catalog, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The item “%(item)s” is added to the catalog.") % {"item": item.level2}
            )
            return redirect(f"{reverse('catalog:browse')}#item-{item.pk}")
    return render(request, "catalog/item_form.html", {"form": form, "catalog": catalog})


@login_required
def item_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CatalogItem.objects.select_related("catalog__county", "owner"), pk=pk)
    access.demand(request.user, "catalog:edit_item", item)
    form = CatalogItemForm(request.POST or None, instance=item, own=item.owner is not None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(
                CatalogItem.objects.get(pk=pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The catalog item is saved."))
            if item.owner is not None:
                return redirect("catalog:unit_plan", org_code=item.owner.org_code)
            return redirect(f"{reverse('catalog:browse')}#item-{item.pk}")
    return render(
        request, "catalog/item_form.html", {"form": form, "item": item, "catalog": item.catalog}
    )


@login_required
@require_POST
def item_active(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CatalogItem, pk=pk)
    active = request.POST.get("active") == "1"
    actions.set_item_active(item, by=request.user, active=active)
    messages.success(
        request, _("The item is back in use.") if active else _("The item is retired.")
    )
    if item.owner is not None:
        return redirect("catalog:unit_plan", org_code=item.owner.org_code)
    return redirect(f"{reverse('catalog:browse')}#item-{item.pk}")


@login_required
def unit_plan(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    """A unit's catalog: tick the county's items it discloses; add its own."""
    unit = access.get_unit_for_staff(request.user, org_code)
    if unit.kind not in (UnitKind.TOWNSHIP, UnitKind.OFFICE):
        raise Http404
    may_adopt = access.can(request.user, Perm.ADOPT_CATALOG, unit)
    candidates = CatalogItem.objects.adoptable_by(unit).active().in_order()
    adopted = {a.item_id: a for a in Adoption.objects.filter(unit=unit)}
    form = AdoptionForm(request.POST or None, items=candidates, initial={"items": list(adopted)})
    if request.method == "POST":
        access.require(request.user, Perm.ADOPT_CATALOG, unit)
        if form.is_valid():
            chosen = {item.pk for item in form.cleaned_data["items"]}
            offered = {item.pk for item in candidates}
            refused = []
            for item in form.cleaned_data["items"]:
                if item.pk not in adopted:
                    try:
                        actions.adopt(unit, item, by=request.user)
                    except ValidationError as error:
                        refused.append(f"{item.level2}: {' '.join(error.messages)}")
            for item_id, adoption in adopted.items():
                if item_id not in chosen and item_id in offered:
                    try:
                        actions.unadopt(adoption, by=request.user)
                    except ValidationError as error:
                        refused.append(f"{adoption.item.level2}: {' '.join(error.messages)}")
            for message in refused:
                messages.error(request, message)
            messages.success(request, _("The unit's catalog is saved."))
            return redirect("catalog:unit_plan", org_code=unit.org_code)
    items = list(candidates)
    for item in items:
        item.adopted = item.pk in adopted
    context = {
        "unit": unit,
        "tree": tree(items),
        "may_adopt": may_adopt,
        "form": form,
        "adopted_count": len(adopted),
    }
    return render(request, "catalog/unit_plan.html", context)


@login_required
@require_POST
def adopt_suggested(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code, Perm.ADOPT_CATALOG)
    count = actions.adopt_suggested(unit, by=request.user)
    messages.success(request, _("%(count)d suggested items adopted.") % {"count": count})
    return redirect("catalog:unit_plan", org_code=unit.org_code)


@login_required
def own_item_new(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, org_code, Perm.ADOPT_CATALOG)
    form = CatalogItemForm(
        request.POST or None,
        own=True,
        initial={
            "subject": unit.name,
            "channels": ["website", "board"],
            "group": "township" if unit.kind == UnitKind.TOWNSHIP else "office",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_own_item(unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The unit's own item is added and adopted."))
            return redirect("catalog:unit_plan", org_code=unit.org_code)
    return render(request, "catalog/item_form.html", {"form": form, "unit": unit})
