from __future__ import annotations

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/active/", views.item_active, name="item_active"),
    path("units/<str:org_code>/", views.unit_plan, name="unit_plan"),
    path("units/<str:org_code>/suggested/", views.adopt_suggested, name="adopt_suggested"),
    path("units/<str:org_code>/own/new/", views.own_item_new, name="own_item_new"),
]
