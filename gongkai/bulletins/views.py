"""Staff pages for bulletin-board sheets and postings (the public sheet is the portal's)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access as core_access
from gongkai.core import pdf
from gongkai.core.models import Unit, UnitKind
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.views import _apply_errors as apply_errors
from gongkai.publishing import access as publishing_access
from gongkai.publishing.models import Publication, PublicationVersion, Status

from . import access, actions, photos, sheets
from .forms import BatchForm, PostingForm, SheetOptionsForm, TakeDownForm
from .messages import MAY_NOT_RECORD
from .models import BatchStatus, Posting

PER_PAGE = 50
# The posting form offers the publications of the last year (and any chosen in the link).
CANDIDATE_DAYS = 366


def _batch(request: HttpRequest, form: BatchForm):
    data = form.cleaned_data
    return sheets.batch(
        publishing_access.visible(request.user),
        unit=data["unit"],
        start=data["start"],
        end=data["end"],
        group=data["group"],
        item_id=data["item"].pk if data["item"] else None,
    )


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    """Choose a board, a date range and a catalog group or item; print or record a posting."""
    today = localdate()
    units = access.board_units(request.user)
    form = BatchForm(request.GET or None, units=units, today=today)
    options = SheetOptionsForm(today=today)
    found = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = list(_batch(request, form))
        options = SheetOptionsForm(
            today=today, initial={"signoff_for_all": data["unit"].kind == UnitKind.VILLAGE}
        )
    recent = list(
        access.postings_for_staff(request.user)
        .select_related("unit")
        .prefetch_related("versions")
        .newest_first()[:10]
    )
    context = {
        "units": units,
        "form": form,
        "options": options,
        "found": found,
        "recent": recent,
    }
    return render(request, "bulletins/index.html", context)


@login_required
def sheet(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One publication's sheet with the 公开期限 the staff member chose."""
    publication = get_object_or_404(
        publishing_access.visible(request.user)
        .exclude(status=Status.WITHDRAWN)
        .select_related("unit", "item", "current"),
        pk=pk,
    )
    options = SheetOptionsForm(request.GET, today=localdate())
    if not options.is_valid():
        return render(
            request,
            "bulletins/options.html",
            {"publication": publication, "options": options},
            status=400,
        )
    data = options.cleaned_data
    content = sheets.render(
        [publication],
        size=data["size"],
        shown_from=data["shown_from"],
        shown_to=data["shown_to"],
        signoff_for_all=data["signoff_for_all"],
    )
    return pdf.response(content, sheets.filename([publication], data["size"]))


@login_required
def batch_pdf(request: AuthedHttpRequest) -> HttpResponse:
    """The chosen publications of one board's batch, one sheet each, in one PDF."""
    today = localdate()
    form = BatchForm(request.GET, units=access.board_units(request.user), today=today)
    options = SheetOptionsForm(request.GET, today=today)
    if not (form.is_valid() and options.is_valid()):
        messages.error(request, _("Check the choices below and print again."))
        return redirect_with_query("bulletins:index", request)
    data = form.cleaned_data
    found = _batch(request, form)
    chosen = [int(pk) for pk in request.GET.getlist("publication") if pk.isdigit()]
    if chosen:
        found = found.filter(pk__in=chosen)
    publications = list(found)
    if not publications:
        messages.error(request, _("No publication was chosen for the sheet."))
        return redirect_with_query("bulletins:index", request)
    settings = options.cleaned_data
    if len(publications) > django_settings.BULLETINS_BATCH_INLINE_SHEETS:
        batch = actions.request_batch(
            unit=data["unit"],
            publications=publications,
            size=settings["size"],
            shown_from=settings["shown_from"],
            shown_to=settings["shown_to"],
            signoff_for_all=settings["signoff_for_all"],
            by=request.user,
        )
        return redirect("bulletins:batch_sheet", pk=batch.pk)
    content = sheets.render(
        publications,
        size=settings["size"],
        shown_from=settings["shown_from"],
        shown_to=settings["shown_to"],
        signoff_for_all=settings["signoff_for_all"],
        board=data["unit"],
    )
    return pdf.response(content, sheets.filename(publications, settings["size"]))


@login_required
def batch_sheet(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A large batch the worker prints: being printed, or ready to download."""
    batch = access.get_batch_for_staff(request.user, pk)
    return render(request, "bulletins/batch.html", {"batch": batch})


@login_required
def batch_sheet_pdf(request: AuthedHttpRequest, pk: int) -> FileResponse:
    batch = access.get_batch_for_staff(request.user, pk)
    if batch.status != BatchStatus.READY:
        raise Http404
    response = FileResponse(
        batch.file.open("rb"), filename=batch.name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def redirect_with_query(name: str, request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    for key in ("publication", "size", "shown_from", "shown_to", "signoff_for_all"):
        query.pop(key, None)
    return redirect(f"{reverse(name)}?{query.urlencode()}" if query else reverse(name))


def _candidates(user, units: list[Unit], chosen: list[int]):
    townships = {u.township.pk for u in units if u.township is not None}
    publishers = Unit.objects.filter(Q(pk__in=townships) | Q(parent__in=townships)).exclude(
        kind=UnitKind.VILLAGE
    )
    since = localdate() - dt.timedelta(days=CANDIDATE_DAYS)
    return (
        publishing_access.visible(user)
        .exclude(status=Status.WITHDRAWN)
        .filter(unit__in=publishers)
        .filter(Q(current__published_at__date__gte=since) | Q(pk__in=chosen))
        .select_related("current")
        .order_by("-current__published_at", "-pk")
    )


@login_required
def record(request: AuthedHttpRequest) -> HttpResponse:
    """Record that a sheet was posted: where, when, which publications, and a photo."""
    today = localdate()
    units = access.board_units(request.user)
    if not units:
        raise PermissionDenied(MAY_NOT_RECORD)
    source = request.POST if request.method == "POST" else request.GET
    chosen = [int(pk) for pk in source.getlist("publications") if pk.isdigit()]
    chosen += [int(pk) for pk in request.GET.getlist("publication") if pk.isdigit()]
    candidates = _candidates(request.user, units, chosen)
    if request.method == "POST":
        form = PostingForm(
            request.POST, request.FILES, units=units, candidates=candidates, today=today
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                posting = actions.record_posting(
                    unit=data["unit"],
                    versions=[p.current for p in data["publications"]],
                    place=data["place"],
                    posted_on=data["posted_on"],
                    photo=data["photo"] or None,
                    by=request.user,
                    today=today,
                )
            except PermissionDenied as error:
                form.add_error("unit", str(error))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The posting is recorded."))
                return redirect("bulletins:posting", pk=posting.pk)
        status = 400
    else:
        initial = {"publications": chosen}
        unit_pk = request.GET.get("unit", "")
        unit = next((u for u in units if str(u.pk) == unit_pk), None)
        if unit is None and chosen:
            first = Publication.objects.filter(pk=chosen[0]).select_related("unit").first()
            unit = next((u for u in units if first and u.pk == first.unit_id), None)
        if unit is not None:
            initial["unit"] = unit.pk
        form = PostingForm(initial=initial, units=units, candidates=candidates, today=today)
        status = 200
    return render(request, "bulletins/record.html", {"form": form}, status=status)


def _with_versions(postings):
    return postings.select_related("unit", "recorded_by", "taken_down_by").prefetch_related(
        Prefetch(
            "versions",
            queryset=PublicationVersion.objects.select_related("publication").order_by("pk"),
        )
    )


@login_required
def postings(request: AuthedHttpRequest) -> HttpResponse:
    """Every posting of the boards this user works with: still up, or came down on …"""
    found = _with_versions(access.postings_for_staff(request.user)).newest_first()
    state = request.GET.get("state", "")
    if state == "up":
        found = found.still_up()
    elif state == "down":
        found = found.filter(taken_down_on__isnull=False)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "bulletins/postings.html",
        {"page": page, "state": state, "may_record": bool(access.board_units(request.user))},
    )


def _posting_page(request: HttpRequest, posting: Posting, form=None, status: int = 200):
    context = {
        "posting": posting,
        "versions": list(
            posting.versions.select_related("publication", "publication__unit").order_by("pk")
        ),
        "may_record": core_access.may(request.user, "posting:record", posting.unit),
        "form": form or TakeDownForm(initial={"taken_down_on": localdate()}),
    }
    return render(request, "bulletins/posting.html", context, status=status)


@login_required
def posting(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _posting_page(request, access.get_posting_for_staff(request.user, pk))


@login_required
@require_POST
def take_down(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    posting = access.get_posting_for_staff(request.user, pk)
    form = TakeDownForm(request.POST)
    if form.is_valid():
        try:
            actions.record_taken_down(
                posting, on=form.cleaned_data["taken_down_on"], by=request.user, today=localdate()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The day it came down is recorded."))
            return redirect("bulletins:posting", pk=posting.pk)
    return _posting_page(request, posting, form, status=400)


@login_required
def photo(request: AuthedHttpRequest, pk: int) -> FileResponse:
    posting = access.get_posting_for_staff(request.user, pk)
    if not posting.photo:
        raise Http404
    response = FileResponse(
        posting.photo.open("rb"), content_type=photos.MIME_TYPES[posting.photo_kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
