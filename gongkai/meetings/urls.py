"""Staff pages under /staff/meetings/; the public pages are the portal's."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/announce/", views.announce, name="announce"),
    path("<int:pk>/postpone/", views.postpone, name="postpone"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/decisions/", views.decisions, name="decisions"),
    path("<int:pk>/sign-ups.xlsx", views.signups_xlsx, name="signups_xlsx"),
    path("<int:pk>/sign-ups/print/", views.signups_print, name="signups_print"),
]
