"""Read-only admin: every change goes through the actions, which check and audit it."""

from __future__ import annotations

from django.contrib import admin

from .models import AnnualReport, ReportDeadline, ReviewCase


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnly):
    list_display = ("unit", "year", "status", "published_at", "refreshed_at")
    list_filter = ("status", "year")
    list_select_related = ("unit",)


@admin.register(ReviewCase)
class ReviewCaseAdmin(ReadOnly):
    list_display = ("reference", "unit", "kind", "filed_on", "result", "decided_on")
    list_filter = ("kind", "result")
    list_select_related = ("unit",)


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(ReadOnly):
    list_display = ("county", "year", "due_on")
    list_select_related = ("county",)
