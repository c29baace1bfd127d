"""Read-only in the Django admin: publications change only through their actions."""

from __future__ import annotations

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Publication, PublicationVersion


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("index_no", "unit", "item", "status", "audience", "first_published_at")
    list_filter = ("status", "audience")
    search_fields = ("index_no", "versions__title")


@admin.register(PublicationVersion)
class PublicationVersionAdmin(ReadOnlyAdmin):
    list_display = ("publication", "number", "title", "published_at", "published_by")
