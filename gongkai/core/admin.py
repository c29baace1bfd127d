"""The Django admin is read-only for audited models: changes go through the staff pages,
whose actions record audit events."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEvent, CalendarDay, CalendarYear, Membership, Unit, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    fieldsets = (*(UserAdmin.fieldsets or ()), (None, {"fields": ("full_name", "phone")}))


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "org_code", "credit_code", "phone")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "credit_code")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "action", "actor", "unit", "target_repr")
    list_filter = ("action",)
    search_fields = ("action", "target_repr")


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "is_workday", "name")


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "source")
