"""Staff pages: the queues, an application's page and its steps, registration, supervision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import access as core_access
from gongkai.core.access import Perm
from gongkai.core.models import Unit, UnitKind
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.views import _apply_errors
from gongkai.core.workdays import WorkdayCalendar

from . import access, actions, clock, documents, letters
from .clock import EventType, Stage
from .forms import (
    STEP_FORMS,
    AssignForm,
    ClarifyForm,
    ProactiveForm,
    RecordsAskForm,
    RecordsDecideForm,
    RegisterForm,
    TransferForm,
)
from .models import (
    CorrectionFile,
    Filing,
    InfoRequest,
    InfoRequestEvent,
    ReplyDocument,
    clock_of,
    reply_overdue_condition,
)

# The core's helper that puts an action's ValidationError on a form (public pages use it too).
apply_errors = _apply_errors


def _annotate(rows: list[InfoRequest], today, calendar: WorkdayCalendar) -> list[InfoRequest]:
    """Flags for the queue pages, computed from the stored dates (never stored themselves)."""
    for req in rows:
        req.is_overdue = req.reply_overdue(today)
        req.is_due_soon = req.stage in Stage.RUNNING and clock.soon(req.due_on, today, calendar)
        req.unconfirmed_warning = req.stage == Stage.SUBMITTED and clock.unconfirmed_too_long(
            localdate(req.submitted_at), today, calendar
        )
        req.correction_lapsed = clock.correction_lapsed(req.stage, req.correction_deadline, today)
        req.consultation_lapsed = clock.consultation_lapsed(
            req.stage, req.third_party_deadline, today
        )
    return rows


@login_required
def queue(request: AuthedHttpRequest) -> HttpResponse:
    """Every open application of the units the user handles, most urgent first."""
    today = localdate()
    calendar = WorkdayCalendar.load()
    mine = access.handled_by(request.user).select_related("unit", "assigned_to")
    open_rows = _annotate(
        list(mine.open().order_by("stage", "due_on", "submitted_at")), today, calendar
    )
    context = {
        "unconfirmed": [r for r in open_rows if r.stage == Stage.SUBMITTED],
        "running": sorted(
            (r for r in open_rows if r.stage in Stage.RUNNING),
            key=lambda r: (r.due_on, r.submitted_at),
        ),
        "paused": [
            r
            for r in open_rows
            if r.stage in (Stage.AWAITING_CORRECTION, Stage.AWAITING_REASONS, Stage.CONSULTING)
        ],
        "replied": list(mine.filter(stage=Stage.REPLIED).order_by("-replied_on", "-id")[:20]),
        "today": today,
        "may_register": Unit.objects.filter(access.handling_units(request.user)).exists(),
        "supervises": core_access.units(request.user, Perm.SUPERVISE).exists(),
        "pending_filings": access.filings_for(request.user).pending().count(),
    }
    return render(request, "info_requests/queue.html", context)


def _allowed_steps(state: clock.Clock) -> list[str]:
    """The steps that may come next, in the order a handler would take them."""
    if state.stage == Stage.SUBMITTED:
        return [EventType.RECEIVE]
    if state.stage == Stage.AWAITING_CORRECTION:
        return [EventType.CORRECTED, EventType.REPLY]
    if state.stage == Stage.AWAITING_REASONS:
        return [EventType.REASONS_ANSWERED]
    if state.stage == Stage.CONSULTING:
        return [EventType.CONSULT_END] + ([] if state.extended else [EventType.EXTEND])
    if state.stage == Stage.REPLY_PENDING:
        # Signed off by another reviewer or leader, or redrafted; a disclosure over a third
        # party's objection is first notified to it.
        notify = (
            [EventType.THIRD_PARTY_NOTICE]
            if state.objected
            and state.draft_outcome in clock.DISCLOSING
            and not state.third_party_notified
            else []
        )
        return [*notify, EventType.SIGN_OFF, EventType.REPLY]
    if state.stage != Stage.RECEIVED:
        return []
    steps = []
    if state.clarified_on is None and not (state.consulted_days or state.extended):
        steps.append(EventType.CLARIFY)
    steps.append(EventType.CONSULT_START)
    if not state.extended:
        steps.append(EventType.EXTEND)
    if not state.reasons_asked:
        steps.append(EventType.ASK_REASONS)
    if state.fee_due_by is None:
        steps.append(EventType.FEE_NOTICE)
    elif not state.fee_paid:
        steps.append(EventType.FEE_PAID)
    return [*steps, EventType.REPLY]


def _step_form(kind: str, data=None, files=None, *, today, calendar):
    form_class = STEP_FORMS[kind]
    extra = {"calendar": calendar} if form_class is ClarifyForm else {}
    return form_class(data, files, today=today, prefix=kind, **extra)


def _detail_context(request: HttpRequest, req: InfoRequest, forms: dict | None = None) -> dict:
    today = localdate()
    calendar = WorkdayCalendar.load()
    _annotate([req], today, calendar)
    forms = forms or {}
    events = list(req.events.select_related("actor", "info_request").prefetch_related("files"))
    steps = _allowed_steps(clock_of(events, calendar))
    # A refused step's form is shown again with its reason, even if it cannot come next.
    steps += [kind for kind in forms if kind in STEP_FORMS and kind not in steps]
    step_forms = [
        (kind, forms.get(kind) or _step_form(kind, today=today, calendar=calendar))
        for kind in steps
    ]
    labels = dict(InfoRequestEvent.Type.choices)
    return {
        "req": req,
        "events": events,
        "step_forms": [(kind, labels[kind], form) for kind, form in step_forms],
        "assign_form": forms.get("assign")
        or AssignForm(people=access.handlers(req.unit), initial={"to": req.assigned_to_id}),
        "transfer_form": forms.get("transfer")
        or TransferForm(targets=access.transfer_targets(req)),
        "documents": req.documents.all(),
        "findings": list(actions.open_findings(req)),
        "notices": documents.available(req, events),
        "proactive_form": None
        if any(e.type == InfoRequestEvent.Type.PROACTIVE_PROPOSED for e in events)
        else ProactiveForm(),
        "records_form": RecordsDecideForm(today=today, prefix="records_decide")
        if actions.records_waiting(events)
        else RecordsAskForm(today=today, prefix="records_ask"),
        "records_how": "decide" if actions.records_waiting(events) else "ask",
        "filing": Filing.objects.filter(info_request=req).select_related("superior").first(),
        "today": today,
        "status_link": request.build_absolute_uri(req.status_path()),
    }


@login_required
def detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    req = access.get_request_for_staff(request.user, code)
    return render(request, "info_requests/detail.html", _detail_context(request, req))


@login_required
@require_POST
def step(request: AuthedHttpRequest, code: str, kind: str) -> HttpResponse:
    req = access.get_request_for_staff(request.user, code)
    if kind not in STEP_FORMS:
        raise Http404(_("Unknown step."))
    today = localdate()
    calendar = WorkdayCalendar.load()
    form = _step_form(kind, request.POST, request.FILES, today=today, calendar=calendar)
    if form.is_valid():
        try:
            if kind == EventType.REPLY:
                data = dict(form.cleaned_data)
                data["files"] = [(upload.name, upload) for upload in data.get("files") or []]
                actions.reply(req, by=request.user, today=today, **data)
            else:
                actions.advance(
                    req,
                    by=request.user,
                    type=kind,
                    date=form.cleaned_data["date"],
                    today=today,
                    **form.step_data(),
                )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The step is recorded."))
            return redirect(req)
    messages.error(request, _("The step was not recorded: see the form below."))
    req.refresh_from_db()
    return render(
        request,
        "info_requests/detail.html",
        _detail_context(request, req, {kind: form}),
        status=400,
    )


@login_required
def correction_file(request: AuthedHttpRequest, code: str, pk: int) -> FileResponse:
    """A file the applicant sent with their correction, for the handlers of the application."""
    req = access.get_request_for_staff(request.user, code)
    found = get_object_or_404(CorrectionFile, pk=pk, info_request=req)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Cache-Control"] = "private, no-store"
    return response


def _settle_messages(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)


@login_required
@require_POST
def proactive(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Art. 44: mark the information for proactive disclosure (a draft catalog item)."""
    req = access.get_request_for_staff(request.user, code)
    form = ProactiveForm(request.POST)
    if form.is_valid():
        try:
            actions.propose_proactive(
                req, by=request.user, today=localdate(), reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            _settle_messages(request, error)
        else:
            messages.success(
                request, _("Marked for proactive disclosure: a draft item is in the catalog.")
            )
    else:
        _settle_messages(request, ValidationError(list(form.errors.values())))
    return redirect(req)


@login_required
@require_POST
def records(request: AuthedHttpRequest, code: str, how: str) -> HttpResponse:
    """Art. 41: the applicant's request to correct their own records, and its decision."""
    req = access.get_request_for_staff(request.user, code)
    today = localdate()
    form_class = {"ask": RecordsAskForm, "decide": RecordsDecideForm}.get(how)
    if form_class is None:
        raise Http404(_("Unknown step."))
    form = form_class(request.POST, today=today, prefix=f"records_{how}")
    if form.is_valid():
        data = form.step_data()
        try:
            if how == "ask":
                actions.ask_records_correction(
                    req, by=request.user, date=form.cleaned_data["date"], today=today, **data
                )
            else:
                actions.decide_records_correction(
                    req, by=request.user, date=form.cleaned_data["date"], today=today, **data
                )
        except (ValidationError, PermissionDenied) as error:
            _settle_messages(request, error)
        else:
            messages.success(request, _("The step is recorded."))
    else:
        _settle_messages(request, ValidationError(list(form.errors.values())))
    return redirect(req)


@login_required
@require_POST
def finding(request: AuthedHttpRequest, code: str, pk: int, how: str) -> HttpResponse:
    """Settle one finding in a released file: mask it, or keep it with a reason."""
    req = access.get_request_for_staff(request.user, code)
    try:
        if how == "mask":
            actions.mask_finding(req, pk, by=request.user)
        elif how == "keep":
            actions.keep_finding(req, pk, by=request.user, reason=request.POST.get("reason", ""))
        else:
            raise Http404(_("Unknown step."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The finding is settled."))
    return redirect(req)


@login_required
@require_POST
def assign(request: AuthedHttpRequest, code: str) -> HttpResponse:
    req = access.get_request_for_staff(request.user, code)
    form = AssignForm(request.POST, people=access.handlers(req.unit))
    if form.is_valid():
        try:
            actions.assign(req, by=request.user, to=form.cleaned_data["to"], today=localdate())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The handler is assigned."))
            return redirect(req)
    return render(
        request,
        "info_requests/detail.html",
        _detail_context(request, req, {"assign": form}),
        status=400,
    )


@login_required
@require_POST
def transfer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    req = access.get_request_for_staff(request.user, code)
    form = TransferForm(request.POST, targets=access.transfer_targets(req))
    if form.is_valid():
        try:
            actions.transfer(req, by=request.user, today=localdate(), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The application is transferred to %(unit)s.")
                % {"unit": form.cleaned_data["to"]},
            )
            if access.may_handle(request.user, form.cleaned_data["to"]):
                return redirect(req)
            return redirect("info_requests:queue")
    return render(
        request,
        "info_requests/detail.html",
        _detail_context(request, req, {"transfer": form}),
        status=400,
    )


@login_required
def register(request: AuthedHttpRequest) -> HttpResponse:
    """Register an application that came in person, by post, fax or email."""
    units = (
        Unit.objects.filter(access.handling_units(request.user))
        .filter(kind__in=(UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE))
        .order_by("path")
    )
    if not units.exists():
        raise PermissionDenied(_("Only the handlers of this unit may work on its applications."))
    form = RegisterForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = actions.register(
                by=request.user,
                unit=data["unit"],
                channel=data["channel"],
                arrived_on=data["arrived_on"],
                received_on=data["received_on"],
                today=localdate(),
                **form.details(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Application %(code)s is registered. "
                    "Give the applicant the tracking code and status link."
                )
                % {"code": req.tracking_code},
            )
            return redirect(req)
    return render(
        request, "info_requests/register.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def notice(request: AuthedHttpRequest, code: str, kind: str, fmt: str) -> HttpResponse:
    """A notice the application sent (receipt, correction, extension, fee, consultation), as
    an official document: printable HTML, Word or PDF."""
    req = access.get_request_for_staff(request.user, code)
    if fmt not in ("html", "docx", "pdf"):
        raise Http404(_("Unknown format."))
    try:
        composed = documents.compose(req, kind)
    except documents.NotAvailable:
        raise Http404(_("This application has sent no such notice.")) from None
    if fmt == "html":
        response = HttpResponse(documents.html(composed))
    elif fmt == "pdf":
        response = HttpResponse(documents.pdf(composed), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{composed.filename}.pdf"'
    else:
        response = HttpResponse(documents.docx(composed), content_type=documents.DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{composed.filename}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _reply_letter(request: AuthedHttpRequest, code: str):
    req = access.get_request_for_staff(request.user, code)
    reply = req.events.filter(type=EventType.REPLY).order_by("-date", "-id").first()
    if reply is None:
        raise Http404(_("This application has not been answered yet."))
    return req, letters.compose(req, reply)


@login_required
def letter(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The reply letter (告知书), printable from the browser, with its Word and PDF files."""
    req, composed = _reply_letter(request, code)
    page = render_to_string(
        "info_requests/letter_body.html",
        {"letter": composed, "standalone": False, "code": req.tracking_code},
        request=request,
    )
    return HttpResponse(page)


@login_required
def letter_file(request: AuthedHttpRequest, code: str, kind: str) -> HttpResponse:
    req, composed = _reply_letter(request, code)
    if kind == "pdf":
        response = HttpResponse(letters.pdf(composed), content_type="application/pdf")
    elif kind == "docx":
        response = HttpResponse(letters.docx(composed), content_type=letters.DOCX_TYPE)
    else:
        raise Http404(_("Unknown file type."))
    filename = f"{req.tracking_code}-reply.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def supervise(request: AuthedHttpRequest) -> HttpResponse:
    """The county supervisor's view: every unit's queues, what is due soon and what is overdue."""
    counties = core_access.units(request.user, Perm.SUPERVISE)
    if not counties.exists():
        raise PermissionDenied(_("Only a supervisor of this county may do this."))
    today = localdate()
    calendar = WorkdayCalendar.load()
    soon_until = calendar.add_working_days(today, clock.DUE_SOON_DAYS)
    scope = access.supervised_by(request.user)
    counts = {
        row["unit"]: row
        for row in scope.values("unit").annotate(
            unconfirmed=Count("pk", filter=Q(stage=Stage.SUBMITTED)),
            running=Count("pk", filter=Q(stage__in=Stage.RUNNING)),
            paused=Count(
                "pk",
                filter=Q(
                    stage__in=(Stage.AWAITING_CORRECTION, Stage.AWAITING_REASONS, Stage.CONSULTING)
                ),
            ),
            due_soon=Count(
                "pk",
                filter=Q(stage__in=Stage.RUNNING, due_on__gte=today, due_on__lte=soon_until),
            ),
            overdue=Count("pk", filter=reply_overdue_condition(today)),
            replied=Count("pk", filter=Q(stage=Stage.REPLIED)),
        )
    }
    units = Unit.objects.filter(core_access.units_for(request.user, Perm.SUPERVISE)).filter(
        kind__in=(UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE)
    )
    rows = [(unit, counts.get(unit.pk)) for unit in units.order_by("path")]
    attention = _annotate(
        list(
            scope.filter(
                Q(stage__in=Stage.RUNNING, due_on__lte=soon_until)
                | Q(stage=Stage.SUBMITTED)
                | Q(stage=Stage.CONSULTING, third_party_deadline__lt=today)
                | Q(stage=Stage.AWAITING_CORRECTION, correction_deadline__lt=today)
            )
            .select_related("unit")
            .order_by("due_on", "submitted_at")
        ),
        today,
        calendar,
    )
    attention = [
        r
        for r in attention
        if r.is_overdue
        or r.is_due_soon
        or r.unconfirmed_warning
        or r.correction_lapsed
        or r.consultation_lapsed
    ]
    # One unit's open queue, when the supervisor picks it (dates and stages, no personal data).
    code = request.GET.get("unit", "").upper()
    selected = units.filter(org_code=code).first() if code else None
    queue = (
        _annotate(
            list(scope.open().filter(unit=selected).order_by("stage", "due_on", "submitted_at")),
            today,
            calendar,
        )
        if selected
        else []
    )
    context = {
        "rows": rows,
        "attention": attention,
        "today": today,
        "soon_until": soon_until,
        "selected": selected,
        "queue": queue,
    }
    return render(request, "info_requests/supervise.html", context)


@login_required
def filings(request: AuthedHttpRequest) -> HttpResponse:
    rows = access.filings_for(request.user).select_related(
        "info_request", "unit", "superior", "acknowledged_by"
    )
    return render(request, "info_requests/filings.html", {"filings": rows})


@login_required
@require_POST
def acknowledge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    filing = get_object_or_404(Filing.objects.select_related("superior"), pk=pk)
    try:
        actions.acknowledge_filing(filing, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The filing is acknowledged."))
    return redirect("info_requests:filings")


@login_required
def document(request: AuthedHttpRequest, code: str, pk: int) -> FileResponse:
    req = access.get_request_for_staff(request.user, code)
    doc = get_object_or_404(ReplyDocument, pk=pk, info_request=req)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name)
