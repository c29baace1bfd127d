"""Read-only in the Django admin: changes go through the staff pages, whose actions audit them."""

from __future__ import annotations

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Adoption, Catalog, CatalogItem


@admin.register(Catalog)
class CatalogAdmin(ReadOnlyAdmin):
    list_display = ("name", "county")


@admin.register(CatalogItem)
class CatalogItemAdmin(ReadOnlyAdmin):
    list_display = ("key", "level1", "level2", "group", "approval", "cadence", "owner", "is_active")
    list_filter = ("group", "approval", "cadence", "is_active")
    search_fields = ("level1", "level2", "content")


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "item", "adopted_at")
