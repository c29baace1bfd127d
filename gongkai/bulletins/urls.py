"""Staff pages under /staff/bulletins/, and the public sheet beside the publication page.

The public sheet is /info/<org code>/<number>/sheet.pdf: publishing's public patterns end
with "/" or a file kind of their own, so neither shadows the other.
"""

from __future__ import annotations

from django.urls import include, path, re_path

from gongkai.publishing.public_urls import NUMBER

from . import views

app_name = "bulletins"

staff = [
    path("", views.index, name="index"),
    path("sheet/<int:pk>.pdf", views.sheet, name="sheet"),
    path("batch.pdf", views.batch_pdf, name="batch"),
    path("postings/", views.postings, name="postings"),
    path("postings/new/", views.record, name="record"),
    path("postings/<int:pk>/", views.posting, name="posting"),
    path("postings/<int:pk>/down/", views.take_down, name="take_down"),
    path("postings/<int:pk>/photo/", views.photo, name="photo"),
]

urlpatterns = [
    path("staff/bulletins/", include(staff)),
    re_path(rf"^info/{NUMBER}/sheet\.pdf$", views.public_sheet, name="public_sheet"),
]
