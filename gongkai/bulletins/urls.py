"""Staff pages under /staff/bulletins/.

The public sheet (/info/<org code>/<number>/sheet.pdf) is the portal's; the project's URLs
add it to this namespace as `bulletins:public_sheet`.
"""

from __future__ import annotations

from django.urls import include, path

from . import views

app_name = "bulletins"

staff = [
    path("", views.index, name="index"),
    path("sheet/<int:pk>.pdf", views.sheet, name="sheet"),
    path("batch.pdf", views.batch_pdf, name="batch"),
    path("batches/<int:pk>/", views.batch_sheet, name="batch_sheet"),
    path("batches/<int:pk>/sheets.pdf", views.batch_sheet_pdf, name="batch_sheet_pdf"),
    path("postings/", views.postings, name="postings"),
    path("postings/new/", views.record, name="record"),
    path("postings/<int:pk>/", views.posting, name="posting"),
    path("postings/<int:pk>/down/", views.take_down, name="take_down"),
    path("postings/<int:pk>/photo/", views.photo, name="photo"),
]

urlpatterns = [
    path("staff/bulletins/", include(staff)),
]
