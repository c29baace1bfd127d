"""Staff pages under /staff/guides/.

The public PDFs (/guides/<index number>/guide.pdf and card.pdf) are the portal's; the
project's URLs add them to this namespace as `guides:guide` and `guides:card`.
"""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("staff/guides/", views.index, name="index"),
    path("staff/guides/<int:pk>/guide.pdf", views.staff_guide, name="staff_guide"),
    path("staff/guides/<int:pk>/card.pdf", views.staff_card, name="staff_card"),
]
