"""Read-only admin: every change goes through the actions, which check and audit it."""

from __future__ import annotations

from django.contrib import admin

from .models import Filing, InfoRequest, InfoRequestEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = InfoRequestEvent
    fields = ("date", "type", "due_before", "due_after", "data", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InfoRequest)
class InfoRequestAdmin(ReadOnly):
    list_display = ("tracking_code", "unit", "channel", "stage", "received_on", "due_on", "outcome")
    list_filter = ("stage", "channel", "applicant_type")
    search_fields = ("tracking_code",)
    list_select_related = ("unit",)
    inlines = (EventInline,)


@admin.register(Filing)
class FilingAdmin(ReadOnly):
    list_display = ("info_request", "unit", "superior", "outcome", "filed_on", "acknowledged_at")
    list_select_related = ("info_request", "unit", "superior")
