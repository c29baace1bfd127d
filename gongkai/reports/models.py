"""The annual report (政府信息公开工作年度报告), the review and litigation cases it counts, and the
county's deadline for township reports.

A report belongs to one unit (a township or an office) and one year. Its table values are
stored cell by cell in `values` (keys from `layout`), and `entered` lists the cells a person
typed in: a refresh from the records overwrites the computed cells and never an entered one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.models import Unit, UnitKind, User

from . import layout

# Units that write an annual report of their own.
REPORTING_KINDS = (UnitKind.TOWNSHIP, UnitKind.OFFICE)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.DRAFT, Status.PUBLISHED}),
    Status.PUBLISHED: frozenset(),
}


def ensure_transition(report: AnnualReport, target: str) -> None:
    if target not in TRANSITIONS[report.status]:
        raise ValidationError(
            _("This report is published and can no longer be changed."), code="published"
        )


class Source(models.TextChoices):
    COMPUTED = "computed", _("counted from the platform's records")
    ENTERED = "entered", _("entered by hand")


class AnnualReportQuerySet(models.QuerySet):
    def published(self) -> AnnualReportQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def of_year(self, year: int) -> AnnualReportQuerySet:
        return self.filter(year=year)

    def in_units(self, condition: Q) -> AnnualReportQuerySet:
        return self.filter(unit__in=Unit.objects.filter(condition))


class AnnualReport(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # The six sections (国办公开办函〔2021〕30号), in `layout.SECTION_FIELDS` order.
    overview = models.TextField(layout.SECTIONS[0], blank=True)
    proactive = models.TextField(layout.SECTIONS[1], blank=True)
    applications = models.TextField(layout.SECTIONS[2], blank=True)
    review_litigation = models.TextField(layout.SECTIONS[3], blank=True)
    problems = models.TextField(layout.SECTIONS[4], blank=True)
    other = models.TextField(layout.SECTIONS[5], blank=True)

    values = models.JSONField(_("table values"), default=dict, blank=True)
    entered = models.JSONField(_("cells entered by hand"), default=list, blank=True)
    refreshed_at = models.DateTimeField(_("last counted from the records"), null=True, blank=True)

    created_by = models.ForeignKey(
        User, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    edited_by = models.ForeignKey(
        User, verbose_name=_("last edited by"), on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("last edited at"), auto_now=True)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The publication in the unit's annual-report column (catalog item R01), with its seal.
    publication = models.OneToOneField(
        "publishing.Publication",
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_report",
    )

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering: ClassVar = ["-year", "unit__path"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unit_year"),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(published_at__isnull=False),
                name="annual_report_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"org_code": self.unit.org_code, "year": self.year})

    def get_public_url(self) -> str:
        return reverse(
            "reports_public:report", kwargs={"org_code": self.unit.org_code, "year": self.year}
        )

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def value(self, key: str) -> int | Decimal:
        cell = layout.CELLS[key]
        raw = self.values.get(key)
        return cell.parse(raw) if raw is not None else cell.parse(0)

    def source(self, key: str) -> str:
        return Source.ENTERED if key in self.entered else Source.COMPUTED

    def sections(self) -> list[tuple[str, str, str]]:
        """(field name, official heading, text) of the six sections."""
        return [
            (name, heading, getattr(self, name))
            for name, heading in zip(layout.SECTION_FIELDS, layout.SECTIONS, strict=True)
        ]

    def text(self) -> str:
        return "\n".join(getattr(self, name) for name in layout.SECTION_FIELDS)


def stored(value: int | Decimal) -> Any:
    """How a cell value is kept in the JSON: counts as numbers, money as a decimal string."""
    return str(value) if isinstance(value, Decimal) else int(value)


class CaseKind(models.TextChoices):
    REVIEW = "review", _("Administrative review")
    DIRECT_SUIT = "direct_suit", _("Litigation without prior review")
    SUIT_AFTER_REVIEW = "suit_after_review", _("Litigation after review")


# The group of table 4 each kind of case is counted in (index into layout.T4_GROUPS).
CASE_GROUP = {
    CaseKind.REVIEW: 0,
    CaseKind.DIRECT_SUIT: 1,
    CaseKind.SUIT_AFTER_REVIEW: 2,
}


class CaseResult(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    CORRECTED = "corrected", _("Corrected")
    OTHER = "other", _("Other result")


# Table 4's column for each result (an undecided case is 尚未审结, column 3).
RESULT_COLUMN: dict[str, int] = {CaseResult.UPHELD: 0, CaseResult.CORRECTED: 1, CaseResult.OTHER: 2}
PENDING_COLUMN = 3


class ReviewCaseQuerySet(models.QuerySet):
    def filed_in(self, year: int) -> ReviewCaseQuerySet:
        return self.filter(filed_on__year=year)

    def reported_in(self, year: int) -> ReviewCaseQuerySet:
        """Filed in `year`, or decided in it: a case is reported in the year of its result too."""
        return self.filter(Q(filed_on__year=year) | Q(decided_on__year=year))


class ReviewCase(models.Model):
    """An administrative review or a lawsuit about the unit's disclosure work (table 4)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="review_cases"
    )
    kind = models.CharField(_("kind of case"), max_length=20, choices=CaseKind.choices)
    reference = models.CharField(
        _("case number"),
        max_length=80,
        help_text=_("As on the review body's or court's papers, e.g. 示府复〔2025〕12号."),
    )
    subject = models.CharField(
        _("what the case is about"),
        max_length=200,
        help_text=_("The disputed reply or act; no personal details of the applicant."),
    )
    filed_on = models.DateField(pgettext_lazy("review case", "filed on"))
    result = models.CharField(
        _("result"), max_length=16, choices=CaseResult.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("review or litigation case")
        verbose_name_plural = _("review and litigation cases")
        ordering: ClassVar = ["-filed_on", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(result="", decided_on__isnull=True)
                | (~Q(result="") & Q(decided_on__isnull=False)),
                name="review_case_result_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def clean(self) -> None:
        super().clean()
        if bool(self.result) != bool(self.decided_on):
            raise ValidationError(
                {"decided_on": _("Give both the result and the day it was decided, or neither.")}
            )
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            raise ValidationError(
                {"decided_on": _("A case cannot be decided before it was filed.")}
            )

    def column_at(self, day: dt.date) -> int:
        """Table 4's column for this case as it stood on `day`."""
        if self.result and self.decided_on and self.decided_on <= day:
            return RESULT_COLUMN[self.result]
        return PENDING_COLUMN


class ReportDeadline(models.Model):
    """The county's deadline for its townships' reports on one year (LAW.md: the county sets it)."""

    county = models.ForeignKey(
        Unit,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.COUNTY},
    )
    year = models.PositiveIntegerField(_("report year"))
    due_on = models.DateField(_("townships' reports due on"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "year"], name="report_deadline_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}: {self.due_on:%Y-%m-%d}"


class ReportingRule(models.Model):
    """How a county's townships report: whether their offices write reports of their own.

    By default an office is not a separate reporter: applications addressed to it, its
    cases and its fees are counted in its township's report. The county may decide that its
    townships' offices report separately.
    """

    county = models.OneToOneField(
        Unit,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.COUNTY},
    )
    offices_report_separately = models.BooleanField(
        _("townships' offices write annual reports of their own"), default=False
    )
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporting rule")
        verbose_name_plural = _("reporting rules")

    def __str__(self) -> str:
        return f"{self.county}: {self.offices_report_separately}"


def offices_report_separately(unit: Unit) -> bool:
    """Whether the offices in `unit`'s county write annual reports of their own."""
    county = unit.county
    if county is None:
        return False
    return ReportingRule.objects.filter(
        county_id=county.pk, offices_report_separately=True
    ).exists()


def is_reporter(unit: Unit) -> bool:
    """A township always reports, and so does a county department; a township's office only
    when its county says so."""
    if unit.kind == UnitKind.TOWNSHIP:
        return True
    if unit.kind != UnitKind.OFFICE:
        return False
    township = unit.township
    if township is None or township.kind != UnitKind.TOWNSHIP:
        return True
    return offices_report_separately(unit)


def counted_units(unit: Unit) -> list[Unit]:
    """The units whose records a report of `unit` counts: a township's own, and its offices'
    unless they report separately."""
    if unit.kind != UnitKind.TOWNSHIP or offices_report_separately(unit):
        return [unit]
    return [unit, *Unit.objects.filter(parent=unit, kind=UnitKind.OFFICE)]


def reporting_units(county: Unit, *, separately: bool | None = None) -> models.QuerySet[Unit]:
    """The units of a county that write an annual report, in tree order (`separately`: the
    county's rule, when the caller has read it already)."""
    units = Unit.objects.subtree(county).filter(kind__in=REPORTING_KINDS)
    if separately is None:
        separately = offices_report_separately(county)
    if not separately:
        units = units.exclude(kind=UnitKind.OFFICE, parent__kind=UnitKind.TOWNSHIP)
    return units.order_by("path")


def default_due_on(year: int) -> dt.date:
    """Unless the county sets another day: the end of February after the report year."""
    return dt.date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])


def due_on(unit: Unit, year: int) -> tuple[dt.date, bool]:
    """The day a unit's report on `year` is due, and whether the county set it."""
    row = ReportDeadline.objects.filter(county_id=unit.county.pk, year=year).first()
    if row is not None:
        return row.due_on, True
    return default_due_on(year), False
