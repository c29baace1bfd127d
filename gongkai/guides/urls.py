"""Staff pages under /staff/guides/ and the public PDFs under /guides/<index number>/.

Included at "" before publishing's public patterns; none of those starts with guides/.
"""

from __future__ import annotations

from django.urls import path, re_path

from gongkai.publishing.public_urls import NUMBER

from . import views

app_name = "guides"

urlpatterns = [
    path("staff/guides/", views.index, name="index"),
    path("staff/guides/<int:pk>/guide.pdf", views.staff_guide, name="staff_guide"),
    path("staff/guides/<int:pk>/card.pdf", views.staff_card, name="staff_card"),
    re_path(rf"^guides/{NUMBER}/guide\.pdf$", views.guide, name="guide"),
    re_path(rf"^guides/{NUMBER}/card\.pdf$", views.card, name="card"),
]
