"""The public read API, included under /api/v1/."""

from __future__ import annotations

from django.urls import path

from . import api, staff_api

app_name = "publishing_api"

urlpatterns = [
    path("openapi.json", api.schema, name="schema"),
    path("units", api.units, name="units"),
    path("catalog", api.catalog, name="catalog"),
    path("publications", api.publications, name="publications"),
    path("staff/publications", staff_api.create, name="staff_create"),
    path("staff/publications/<int:pk>/submit", staff_api.submit, name="staff_submit"),
    path("staff/publications/<int:pk>/approve", staff_api.approve, name="staff_approve"),
    path("staff/publications/<int:pk>/return", staff_api.return_draft, name="staff_return"),
    path(
        "staff/publications/<int:pk>/record-decision",
        staff_api.record_decision,
        name="staff_record_decision",
    ),
    path(
        "staff/publications/<int:pk>/record-congress-approval",
        staff_api.record_congress_approval,
        name="staff_record_congress_approval",
    ),
    path("staff/publications/<int:pk>/publish", staff_api.publish, name="staff_publish"),
    path("staff/publications/<int:pk>/withdraw", staff_api.withdraw, name="staff_withdraw"),
    path(
        "staff/publications/<int:pk>/findings/<int:finding>/mask",
        staff_api.mask_finding,
        name="staff_mask_finding",
    ),
    path(
        "staff/publications/<int:pk>/findings/<int:finding>/keep",
        staff_api.keep_finding,
        name="staff_keep_finding",
    ),
    path("publications/<path:index_no>/verify", api.verify, name="verify"),
    # <path:> takes the index number's "/" as is; a %2F arrives decoded, so both forms work.
    path("publications/<path:index_no>", api.publication, name="publication"),
]
