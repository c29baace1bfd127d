"""Staff pages: a clerk's drafts, the create and edit form, a reviewer's publish button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog.models import CatalogItem
from gongkai.core import access as core_access
from gongkai.core.access import Perm

from . import access, actions
from .forms import ItemChoiceForm, PublicationForm
from .models import Attachment, PublicationTable, PublicationVersion, Status
from .uploads import mime_type


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """What is waiting for this user: drafts to write, drafts to publish, recent publications."""
    user = request.user
    mine = access.for_staff(user).select_related("unit", "item", "current")
    open_statuses = [Status.DRAFT, Status.AMENDING]
    drafting_units = core_access.units(user, Perm.DRAFT)
    reviewing_units = core_access.units(user, Perm.REVIEW)
    drafts = list(
        mine.filter(unit__in=drafting_units, status__in=open_statuses).order_by("-pk")[:100]
    )
    to_publish = list(
        mine.filter(unit__in=reviewing_units, status__in=open_statuses)
        .exclude(pk__in=PublicationVersion.objects.written_by(user).values("publication_id"))
        .order_by("pk")[:100]
    )
    recent = list(mine.filter(current__isnull=False).newest_first()[:20])
    for publication in [*drafts, *to_publish]:
        publication.draft  # noqa: B018 - loads the draft for the template
    context = {
        "drafts": drafts,
        "to_publish": to_publish,
        "recent": recent,
        "drafting_units": list(drafting_units),
    }
    return render(request, "publishing/work.html", context)


def _adopted_items(unit):
    return CatalogItem.objects.adopted_by(unit).active().in_order()


@login_required
def new(request: HttpRequest, org_code: str) -> HttpResponse:
    unit = core_access.get_unit_for_staff(request.user, org_code, Perm.DRAFT)
    items = _adopted_items(unit)
    chooser = ItemChoiceForm(request.GET or None, items=items)
    if not chooser.is_valid():
        return render(request, "publishing/choose_item.html", {"unit": unit, "form": chooser})
    item = chooser.cleaned_data["item"]
    initial = {
        "item": item,
        "audience": "internal" if item.is_internal else "public",
        "publisher_name": unit.name,
        "written_on": localdate(),
    }
    form = PublicationForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        items=items,
        service_guide=item.service_guide,
        amending=False,
        fixed_item=True,
    )
    if request.method == "POST" and form.is_valid():
        files = actions.Uploads(
            attachments=form.cleaned_data["attachments"], tables=form.table_uploads()
        )
        try:
            publication = actions.create(
                unit=unit,
                item=item,
                by=request.user,
                audience=initial["audience"],
                today=localdate(),
                files=files,
                **form.content(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("publishing:detail", pk=publication.pk)
    return render(request, "publishing/form.html", {"unit": unit, "item": item, "form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    draft = publication.draft
    shown = draft or publication.current
    user = request.user
    may_edit = core_access.can(user, Perm.DRAFT, publication.unit)
    may_publish = bool(
        draft
        and core_access.can(user, Perm.REVIEW, publication.unit)
        and user.pk not in (draft.created_by_id, draft.edited_by_id)
    )
    context = {
        "publication": publication,
        "version": shown,
        "draft": draft,
        "problems": actions.problems(publication, draft, today=localdate()) if draft else [],
        "may_edit": may_edit,
        "may_publish": may_publish,
        "is_author": bool(draft and user.pk in (draft.created_by_id, draft.edited_by_id)),
        "versions": publication.versions.filter(published_at__isnull=False).order_by("-number"),
        "attachments": shown.attachments.all(),
        "tables": shown.tables.all(),
    }
    return render(request, "publishing/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    core_access.require(request.user, Perm.DRAFT, publication.unit)
    source = publication.draft or publication.current
    amending = publication.current is not None
    items = _adopted_items(publication.unit)
    initial = {"item": publication.item, "audience": publication.audience}
    if publication.draft is None:
        # A new amendment starts without the previous version's reason and approval record.
        initial |= {"change_reason": "", "approval_reference": ""}
    form = PublicationForm(
        request.POST or None,
        request.FILES or None,
        instance=source,
        initial=initial,
        items=items,
        service_guide=publication.item.service_guide,
        amending=amending,
        fixed_item=True,
    )
    if request.method == "POST" and form.is_valid():
        files = actions.Uploads(
            attachments=form.cleaned_data["attachments"], tables=form.table_uploads()
        )
        try:
            actions.edit(
                publication, by=request.user, today=localdate(), files=files, **form.content()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The changes are saved as a draft; a reviewer publishes them.")
            )
            return redirect("publishing:detail", pk=publication.pk)
    context = {
        "unit": publication.unit,
        "item": publication.item,
        "form": form,
        "publication": publication,
        "amending": amending,
        "attachments": source.attachments.all() if publication.draft else [],
        "tables": source.tables.all() if publication.draft else [],
    }
    return render(request, "publishing/form.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("The page was out of date; look at the draft again and publish."))
        return redirect("publishing:detail", pk=pk)
    try:
        version = actions.publish(
            publication, by=request.user, version_number=number, today=localdate()
        )
    except actions.AlreadyPublished as info:
        messages.info(request, " ".join(info.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        publication.refresh_from_db()
        messages.success(
            request,
            _("Published as version %(number)d; index number %(index_no)s.")
            % {"number": version.number, "index_no": publication.index_no},
        )
    return redirect("publishing:detail", pk=pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    try:
        actions.discard_amendment(publication, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The amendment is discarded; the published version stays."))
    return redirect("publishing:detail", pk=pk)


@login_required
@require_POST
def remove_attachment(request: HttpRequest, pk: int, part: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=part, version__publication=publication)
    try:
        actions.remove_attachment(attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attachment is removed from the draft."))
    return redirect("publishing:edit", pk=pk)


@login_required
@require_POST
def remove_table(request: HttpRequest, pk: int, part: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    table = get_object_or_404(PublicationTable, pk=part, version__publication=publication)
    try:
        actions.remove_table(table, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The table is removed from the draft."))
    return redirect("publishing:edit", pk=pk)


@login_required
def attachment(request: HttpRequest, pk: int, part: int) -> FileResponse:
    """A draft's attachment, for staff checking it before publication."""
    publication = access.get_for_staff(request.user, pk)
    found = get_object_or_404(Attachment, pk=part, version__publication=publication)
    return file_response(found)


def file_response(found: Attachment) -> FileResponse:
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=found.kind not in ("pdf", "png", "jpg"),
        filename=found.name,
        content_type=mime_type(found.kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
