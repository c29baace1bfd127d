from __future__ import annotations

from django.urls import path

from . import account, health, views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("password/", account.password_change, name="password_change"),
    path("two-factor/", account.enrol, name="two_factor_enrol"),
    path("two-factor/verify/", account.verify, name="two_factor_verify"),
    path("units/<str:org_code>/", views.unit_detail, name="unit"),
    path("units/<str:org_code>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<str:org_code>/add/", views.unit_add_child, name="unit_add_child"),
    path("units/<str:org_code>/members/", views.membership_add, name="membership_add"),
    path(
        "units/<str:org_code>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/announce/", views.calendar_announce, name="calendar_announce"),
    path("calendar/<int:pk>/remove/", views.calendar_remove, name="calendar_remove"),
]

# At the site's root (see the project's urls): what a load balancer polls.
health_patterns = [path("healthz", health.healthz, name="healthz")]
