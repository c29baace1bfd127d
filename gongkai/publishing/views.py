"""Staff pages: a clerk's drafts, the create and edit form, a reviewer's publish button."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.catalog.models import CatalogItem
from gongkai.core import access as core_access
from gongkai.core import events
from gongkai.core.access import Perm
from gongkai.core.models import AuditEvent
from gongkai.core.staff_request import AuthedHttpRequest
from gongkai.core.workdays import WorkdayCalendar, past_due

from . import access, actions, hooks, privacy, reads
from .actions.interpretations import policies_for
from .forms import (
    CHECKED_FIELDS,
    ApproveForm,
    CongressForm,
    CorrectionForm,
    DecisionForm,
    ItemChoiceForm,
    MaterialForm,
    PeriodInput,
    PublicationForm,
    PublishCorrectionForm,
    ReasonForm,
    ReturnForm,
    TakeDownForm,
)
from .models import (
    Attachment,
    FindingState,
    PublicationTable,
    PublicationVersion,
    Stage,
    Status,
)
from .privacy import KINDS
from .richtext import picture_url
from .uploads import mime_type


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _with_review(publications: list) -> list:
    """Attach each publication's draft, its review and its 20-working-day deadline."""
    calendar = WorkdayCalendar.load()
    today = localdate()
    drafts = {
        v.publication_id: v
        for v in PublicationVersion.objects.drafts()
        .filter(publication__in=publications)
        .select_related("review")
    }
    for publication in publications:
        draft = drafts.get(publication.pk)
        publication._draft = draft
        publication.review = getattr(draft, "review", None) if draft else None
        limit = actions.deadline(draft, calendar) if draft else None
        publication.deadline = limit
        publication.overdue = bool(limit and past_due(limit.day, today))
    return publications


@login_required
def work(request: AuthedHttpRequest) -> HttpResponse:
    """What is waiting for this user: drafts to write, to review, to decide, to publish."""
    user = request.user
    mine = access.for_staff(user).select_related("unit", "item", "current")
    open_statuses = [Status.DRAFT, Status.AMENDING]
    drafting_units = core_access.units(user, Perm.DRAFT)
    reviewing_units = core_access.units(user, Perm.REVIEW)
    deciding_units = core_access.units(user, Perm.DECIDE)
    drafts = _with_review(
        list(mine.filter(unit__in=drafting_units, status__in=open_statuses).order_by("-pk")[:100])
    )
    written = PublicationVersion.objects.written_by(user).values("publication_id")
    to_review = _with_review(
        list(
            mine.filter(
                unit__in=reviewing_units,
                status__in=open_statuses,
                versions__published_at__isnull=True,
                versions__review__stage=Stage.SUBMITTED,
            )
            .exclude(pk__in=written)
            .exclude(versions__review__submitted_by=user, versions__published_at__isnull=True)
            .order_by("pk")[:100]
        )
    )
    to_publish = _with_review(
        list(
            mine.filter(
                unit__in=reviewing_units,
                status__in=open_statuses,
                versions__published_at__isnull=True,
                versions__review__stage__in=[Stage.APPROVED, Stage.SCHEDULED],
            )
            .exclude(pk__in=written)
            .order_by("pk")[:100]
        )
    )
    to_decide = _with_review(
        list(
            mine.filter(unit__in=deciding_units, status__in=open_statuses)
            .exclude(item__approval="review")
            .filter(
                versions__published_at__isnull=True,
                versions__decisions__isnull=True,
                versions__congress_approvals__isnull=True,
                versions__correction_note__isnull=True,  # a 勘误 needs no decision
            )
            .order_by("pk")[:100]
        )
    )
    # The newest twenty, or those whose title holds what the clerk typed.
    title = request.GET.get("title", "").strip()[:100]
    published = mine.filter(current__isnull=False)
    if title:
        published = published.filter(current__title__icontains=title)
    recent = list(published.newest_first()[:20])
    context = {
        "drafts": drafts,
        "to_review": to_review,
        "to_publish": to_publish,
        "to_decide": to_decide,
        "recent": recent,
        "title": title,
        "drafting_units": list(drafting_units),
        "reviewing": reviewing_units.exists(),
        "deciding": deciding_units.exists(),
    }
    return render(request, "publishing/work.html", context)


def _adopted_items(unit):
    return CatalogItem.objects.adopted_by(unit).active().in_order()


def _offer_policies(form, unit, exclude=None) -> None:
    """The interpretation's policy is typed by its index number; the newest policies of the
    unit and the units above it are offered as suggestions."""
    policies = policies_for(unit).select_related("current").newest_first()
    if exclude is not None:
        policies = policies.exclude(pk=exclude.pk)
    offered = [SimpleNamespace(code=p.index_no, label=p.current.title[:60]) for p in policies[:100]]
    form.fields["interprets"].widget = PeriodInput(offered)


@login_required
def new(request: AuthedHttpRequest, org_code: str) -> HttpResponse:
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
        periods=hooks.open_periods(unit, item, today=localdate()),
    )
    _offer_policies(form, unit)
    if request.method == "POST" and form.is_valid():
        files = actions.Uploads(
            attachments=form.cleaned_data["attachments"],
            attachment_titles=form.titles(),
            tables=form.table_uploads(),
        )
        try:
            publication = actions.create(
                unit=unit,
                item=item,
                by=request.user,
                audience=initial["audience"],
                today=localdate(),
                files=files,
                interprets=form.cleaned_data["interprets"],
                **form.content(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            _warn_personal_information(request, form, unit)
            return redirect("publishing:detail", pk=publication.pk)
    return render(request, "publishing/form.html", {"unit": unit, "item": item, "form": form})


def _history(publication) -> list:
    history = list(
        AuditEvent.objects.for_target(publication).select_related("actor").order_by("pk")
    )
    for event in history:
        event.label = events.label(event.action)
    return history


def _detail(request: HttpRequest, publication, forms: dict | None = None, status: int = 200):
    user = request.user
    draft = (
        publication.draft if core_access.may(user, "publication:read_draft", publication) else None
    )
    shown = draft or publication.current
    review = actions.review_of(draft) if draft else None
    # 勘误: a correction draft has its own form and its own one-reviewer check.
    correction = draft if draft is not None and draft.is_correction else None
    forms = forms or {}
    findings = list(draft.findings.all()) if draft else []
    for finding in findings:
        finding.kind_label = KINDS.get(finding.kind, finding.kind)
        # A file that could not be read has no text to take out.
        finding.maskable = finding.kind != "unreadable"
        finding.masked_as = actions.mask_pattern(finding) if finding.maskable else ""
    approvals = actions.approval_problems(publication, draft) if draft and not correction else []
    # An amendment needs its own record; the form starts from the current version's.
    earlier = _earlier_approval(publication, draft)
    context = {
        "publication": publication,
        "version": shown,
        "draft": draft,
        "review": review,
        "problems": actions.problems(publication, draft, today=localdate()) if draft else [],
        "approval_problems": approvals,
        **core_access.answers(
            user,
            publication,
            "publication:edit",
            "publication:submit",
            "publication:review",
            "publication:publish",
            "publication:decide",
            "publication:mask",
            "publication:override",
            "publication:withdraw",
            "publication:take_down",
            "publication:correct",
            "publication:change_correction",
            "publication:review_correction",
        ),
        "is_author": core_access.may(user, "publication:is_author", publication),
        "findings": findings,
        "open_findings": [f for f in findings if f.state == FindingState.OPEN],
        "decisions": list(draft.decisions.all()) if draft else [],
        "congress_approvals": list(draft.congress_approvals.all()) if draft else [],
        "deadline": actions.deadline(draft) if draft else None,
        "history": _history(publication),
        "today": localdate(),
        "versions": publication.versions.filter(published_at__isnull=False).order_by("-number"),
        "attachments": shown.attachments.all(),
        "tables": shown.tables.all(),
        "return_form": forms.get("return") or ReturnForm(),
        "approve_form": forms.get("approve") or ApproveForm(),
        "decision_form": forms.get("decision") or DecisionForm(initial=earlier.get("decision")),
        "congress_form": forms.get("congress") or CongressForm(initial=earlier.get("congress")),
        "approval_carried_from": earlier.get("number"),
        "correction": correction,
        "correction_changes": (
            actions.changes(publication.current, correction) if correction else []
        ),
        "material_form": forms.get("material") or MaterialForm(prefix="material"),
        "interpretations": list(reads.interpretations_of(publication)),
        "take_down_form": forms.get("take_down") or TakeDownForm(prefix="take_down"),
    }
    return render(request, "publishing/detail.html", context, status=status)


def _earlier_approval(publication, draft) -> dict:
    current = publication.current
    if (
        draft is None
        or current is None
        or draft.decisions.exists()
        or draft.congress_approvals.exists()
    ):
        return {}
    earlier: dict = {"number": current.number}
    decision = current.decisions.order_by("-pk").first()
    if decision is not None:
        earlier["decision"] = {
            name: getattr(decision, name)
            for name in ("meeting", "held_on", "minutes_no", "attendees", "outcome")
        }
    congress = current.congress_approvals.order_by("-pk").first()
    if congress is not None:
        earlier["congress"] = {
            name: getattr(congress, name) for name in ("session", "held_on", "resolution")
        }
    return earlier if len(earlier) > 1 else {}


@login_required
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_for_staff(request.user, pk))


def _run(request: HttpRequest, publication, step, success, form_key=None, form=None):
    """Run one workflow step; the loser of a race is told, a refusal shown, errors kept.

    `success` is the message, or a function making it from what the step returned."""
    try:
        result = step()
    except (actions.AlreadyDone, actions.AlreadyPublished) as info:
        messages.info(request, " ".join(info.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        if form is not None:
            _apply_errors(form, error)
            return _detail(request, publication, {form_key: form}, status=400)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect("publishing:detail", pk=publication.pk)


@login_required
@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)

    def step():
        actions.submit(publication, by=request.user, today=localdate())

    return _run(request, publication, step, _("The draft is submitted for review."))


@login_required
@require_POST
def return_draft(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, publication, {"return": form}, status=400)

    def step():
        actions.return_draft(publication, by=request.user, comments=form.cleaned_data["comments"])

    return _run(
        request, publication, step, _("The draft is returned to the clerk."), "return", form
    )


@login_required
@require_POST
def approve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, publication, {"approve": form}, status=400)
    data = form.cleaned_data

    def step():
        actions.approve(
            publication,
            by=request.user,
            today=localdate(),
            no_state_secret=data["no_state_secret"],
            no_superior_document=data["no_superior_document"],
            privacy_lawful=data["privacy_lawful"],
            publish_at=data.get("publish_at"),
        )

    return _run(request, publication, step, _("The draft is approved."), "approve", form)


@login_required
@require_POST
def record_decision(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, publication, {"decision": form}, status=400)

    def step():
        actions.record_decision(
            publication, by=request.user, today=localdate(), **form.cleaned_data
        )

    return _run(
        request, publication, step, _("The collective decision is recorded."), "decision", form
    )


@login_required
@require_POST
def record_congress_approval(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    form = CongressForm(request.POST)
    if not form.is_valid():
        return _detail(request, publication, {"congress": form}, status=400)

    def step():
        actions.record_congress_approval(
            publication, by=request.user, today=localdate(), **form.cleaned_data
        )

    return _run(
        request, publication, step, _("The congress approval is recorded."), "congress", form
    )


@login_required
@require_POST
def mask(request: AuthedHttpRequest, pk: int, finding: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)

    def step():
        return actions.mask(publication, finding, by=request.user)

    def done(masked) -> str:
        if masked.attachment is not None:
            return _(
                "The personal information is removed from “%(a)s”: the draft now holds the "
                "masked copy of the file."
            ) % {"a": masked.attachment.name}
        return _("The personal information is masked: %(shape)s.") % {
            "shape": actions.mask_pattern(masked) or "—"
        }

    return _run(request, publication, step, done)


@login_required
@require_POST
def override(request: AuthedHttpRequest, pk: int, finding: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    reason = request.POST.get("reason", "")

    def step():
        actions.override(publication, finding, by=request.user, reason=reason)

    return _run(request, publication, step, _("It is kept, with your reason on record."))


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: what withdrawing does, and the reason to give; POST: withdraw (once)."""
    publication = access.get_for_staff(request.user, pk)
    form = ReasonForm(request.POST or None, prefix="withdraw")
    if request.method == "GET":
        # The step's own check answers a POST (and audits a refusal); the page asks first.
        core_access.demand(request.user, "publication:confirm", publication)
    if request.method == "GET" and publication.status == Status.WITHDRAWN:
        messages.info(request, _("This publication was already withdrawn."))
        return redirect("publishing:detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw(publication, by=request.user, reason=form.cleaned_data["reason"])
        except actions.AlreadyDone as info:
            messages.info(request, " ".join(info.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The publication is withdrawn."))
            return redirect("publishing:detail", pk=pk)
        if not form.errors:
            return redirect("publishing:detail", pk=pk)
    current = publication.current
    consequences = [
        _(
            "Its page, every version, file and table answer “410 Gone” to readers, with the "
            "date and the reason you give here: nothing else of the content stays public."
        ),
        _("It leaves the catalog, the search, the subscription feed and the open API."),
        _(
            "Nothing is deleted and its seals stay in the county's chain: whoever kept a copy "
            "can still check it."
        ),
        _("A withdrawal cannot be undone; publish a new publication if it is needed again."),
    ]
    context = {
        "publication": publication,
        "version": current,
        "heading": _("Withdraw (撤回) “%(title)s”?") % {"title": current.title if current else ""},
        "consequences": consequences,
        "form": form,
        "action": reverse("publishing:withdraw", args=[pk]),
        "button": _("Withdraw it"),
    }
    return render(request, "publishing/confirm.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def take_down(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    publication = access.get_for_staff(user, pk)
    form = TakeDownForm(request.POST, prefix="take_down")
    if not form.is_valid():
        return _detail(request, publication, {"take_down": form}, status=400)

    def step():
        actions.take_down(publication, by=user, reason=form.cleaned_data["reason"])

    done = _("The publication is taken down: its content is deleted, its seal hashes stay.")
    return _run(request, publication, step, done, "take_down", form)


@login_required
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    publication = access.get_for_staff(request.user, pk)
    core_access.require(request.user, Perm.DRAFT, publication.unit)
    if actions.correction_draft(publication) is not None:
        return redirect("publishing:correct", pk=pk)
    source = publication.draft or publication.current
    amending = publication.current is not None
    items = _adopted_items(publication.unit)
    initial = {
        "item": publication.item,
        "audience": publication.audience,
        "interprets": source.interprets.index_no if source and source.interprets else "",
    }
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
        periods=hooks.open_periods(publication.unit, publication.item, today=localdate()),
    )
    _offer_policies(form, publication.unit, exclude=publication)
    if request.method == "POST" and form.is_valid():
        files = actions.Uploads(
            attachments=form.cleaned_data["attachments"],
            attachment_titles=form.titles(),
            tables=form.table_uploads(),
        )
        try:
            actions.edit(
                publication,
                by=request.user,
                today=localdate(),
                files=files,
                interprets=form.cleaned_data["interprets"],
                **form.content(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The changes are saved as a draft; a reviewer publishes them.")
            )
            _warn_personal_information(request, form, publication.unit)
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


def _who_sees(publication) -> str:
    if publication.is_internal:
        return _(
            "Who will see it: only the staff of %(unit)s, signed in; it is internal and never "
            "on the portal."
        ) % {"unit": publication.unit.name}
    return _(
        "Who will see it: everyone. It appears at once on the portal, in the catalog, the "
        "search, the subscription feed and the open API, and search engines may copy it."
    )


def _sealed(publication, draft) -> list[str]:
    said = [
        _(
            "The version is sealed in the county's seal chain: it can never be changed or "
            "deleted. A mistake is corrected by a new version (勘误); this one stays readable."
        )
    ]
    if publication.current is None:
        said.append(_("It gets its index number (索引号) now, never given to anything else again."))
    else:
        said.append(
            _(
                "It replaces version %(old)d, which stays readable in the list of versions "
                "with the reason for the change."
            )
            % {"old": publication.current.number}
        )
    return said


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing does; POST: publish the approved draft (once)."""
    publication = access.get_for_staff(request.user, pk)
    if request.method == "GET":
        core_access.demand(request.user, "publication:confirm", publication)
        draft = publication.draft
        if draft is None:
            messages.info(request, _("There is nothing waiting to be published."))
            return redirect("publishing:detail", pk=pk)
        if draft.is_correction:
            return redirect("publishing:publish_correction", pk=pk)
        context = {
            "publication": publication,
            "version": draft,
            "heading": _("Publish “%(title)s”?") % {"title": draft.title},
            "consequences": [_who_sees(publication), *_sealed(publication, draft)],
            "hidden": {"version": draft.number},
            "action": reverse("publishing:publish", args=[pk]),
            "button": _("Publish now"),
        }
        return render(request, "publishing/confirm.html", context)
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
def discard(request: AuthedHttpRequest, pk: int) -> HttpResponse:
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
def remove_attachment(request: AuthedHttpRequest, pk: int, part: int) -> HttpResponse:
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
def remove_table(request: AuthedHttpRequest, pk: int, part: int) -> HttpResponse:
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
def attachment(request: AuthedHttpRequest, pk: int, part: int) -> FileResponse:
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


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """勘误: the clerk corrects a typo in the published text and sends it to one reviewer."""
    publication = access.get_for_staff(request.user, pk)
    core_access.demand(request.user, "publication:write_correction", publication)
    current = publication.current
    if current is None:
        raise Http404
    correction = actions.correction_draft(publication)
    source = correction or current
    initial = {
        "title": source.title,
        "summary": source.summary,
        "body": source.body,
        "correction_note": correction.correction_note if correction else "",
        "change_reason": correction.change_reason if correction else "",
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.submit_correction(
                publication,
                by=request.user,
                today=localdate(),
                what=form.cleaned_data["correction_note"],
                reason=form.cleaned_data["change_reason"],
                **form.text(),
            )
        except actions.AlreadyDone as info:
            messages.info(request, " ".join(info.messages))
            return redirect("publishing:detail", pk=pk)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("publishing:detail", pk=pk)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The correction is sent for review as version %(number)d: one reviewer "
                    "checks it and publishes it with your note."
                )
                % {"number": version.number},
            )
            return redirect("publishing:detail", pk=pk)
    context = {"publication": publication, "current": current, "form": form}
    return render(request, "publishing/correct.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def publish_correction(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: the correction, its differences and what publishing it does; POST: publish it."""
    publication = access.get_for_staff(request.user, pk)
    form = PublishCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            number = int(request.POST.get("version", ""))
        except ValueError:
            number = 0
        try:
            version = actions.publish_correction(
                publication,
                by=request.user,
                version_number=number,
                today=localdate(),
                **form.cleaned_data,
            )
        except actions.AlreadyPublished as info:
            messages.info(request, " ".join(info.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The correction is published as version %(number)d, with its note.")
                % {"number": version.number},
            )
        return redirect("publishing:detail", pk=pk)
    core_access.demand(request.user, "publication:confirm", publication)
    correction = actions.correction_draft(publication)
    current = publication.current
    if correction is None or current is None:
        messages.info(request, _("There is no correction waiting to be published."))
        return redirect("publishing:detail", pk=pk)
    consequences = [
        _(
            "You alone check this correction: no collective decision or congress approval is "
            "needed. If the change is more than a slip of the pen, send it to the full review "
            "instead."
        ),
        _who_sees(publication),
        _(
            "Readers see the correction note beside the text and in the list of versions: "
            "what was corrected (%(what)s), when, and why (%(why)s)."
        )
        % {"what": correction.correction_note, "why": correction.change_reason},
        *_sealed(publication, correction),
    ]
    context = {
        "publication": publication,
        "version": correction,
        "heading": _("Publish the correction of “%(title)s”?") % {"title": correction.title},
        "consequences": consequences,
        "changes": actions.changes(current, correction),
        "form": form,
        "hidden": {"version": correction.number},
        "action": reverse("publishing:publish_correction", args=[pk]),
        "button": _("Publish the correction"),
    }
    return render(request, "publishing/confirm.html", context, status=400 if form.errors else 200)


def _texts(data, fields) -> list[tuple[str, str, str]]:
    """(name, label, text) of each field of a draft that the privacy checks read."""
    limit = 200_000  # characters of one field: enough for any notice, cheap to scan
    return [
        (
            name,
            str(getattr(PublicationVersion._meta.get_field(name), "verbose_name", name)),
            str(text)[:limit],
        )
        for name in fields
        if isinstance(text := data.get(name) or "", str)
    ]


def _warn_personal_information(request: HttpRequest, form, unit) -> None:
    """The checks run as the clerk saves: what they find is said at once, masked shape and all."""
    found = privacy.check_texts(
        _texts(form.cleaned_data, CHECKED_FIELDS), privacy.unit_contacts(unit)
    )
    if found:
        listed = "；".join(f"{item['label']} {item['value']}" for item in found[:5])
        messages.warning(
            request,
            _(
                "The draft holds personal information (%(listed)s). Mask it in the editor or "
                "here before submitting, or a reviewer must keep it with a legal reason."
            )
            % {"listed": listed},
        )


@login_required
@require_POST
def check_draft(request: AuthedHttpRequest, org_code: str) -> JsonResponse:
    """The privacy and completeness checks of the text being written, for the draft form's
    panel beside the text: what is found, where, and the masked shape that replaces it."""
    user = request.user
    unit = core_access.get_unit_for_staff(user, org_code, Perm.DRAFT)
    texts = _texts(request.POST, CHECKED_FIELDS)
    findings = privacy.check_texts(texts, privacy.unit_contacts(unit))
    missing = [
        str(label)
        for name, label, text in texts
        if name in ("title", "summary") and not text.strip()
    ]
    if not privacy.html_text(request.POST.get("body", "")).strip():
        missing.append(str(_("body (or attach the document as a file)")))
    return JsonResponse({"findings": findings, "missing": missing})


@login_required
@require_POST
def add_picture(request: AuthedHttpRequest, pk: int) -> JsonResponse:
    """The editor's picture button (and a pasted picture): the image becomes an attachment of
    the draft; the answer is the address to put in the text, or what is wrong in words."""
    publication = access.get_for_staff(request.user, pk)
    core_access.require(request.user, Perm.DRAFT, publication.unit)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a PNG or JPEG picture.")}, status=400)
    try:
        picture = actions.add_picture(
            publication, upload=upload, title=request.POST.get("title", ""), by=request.user
        )
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"url": picture_url(picture.pk), "alt": picture.title, "title": picture.title}
    )


@login_required
@require_POST
def treat_as_amendment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The reviewer judges the correction material: the full review follows."""
    publication = access.get_for_staff(request.user, pk)
    form = MaterialForm(request.POST, prefix="material")
    if not form.is_valid():
        return _detail(request, publication, {"material": form}, status=400)

    def step():
        actions.treat_as_amendment(publication, by=request.user, reason=form.cleaned_data["reason"])

    return _run(
        request,
        publication,
        step,
        _(
            "The change is material: the draft now follows the full review (approval and the "
            "records its catalog item needs)."
        ),
        "material",
        form,
    )
