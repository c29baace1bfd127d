from __future__ import annotations

from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("compute/", views.compute, name="compute"),
    path("publish/", views.publish, name="publish"),
    path("recompute/", views.recompute, name="recompute"),
    path("scheme/", views.scheme, name="scheme"),
    path("ranking/<int:year>.xlsx", views.export, name="export"),
    path("units/<str:org_code>/<int:year>/", views.unit, name="unit"),
    path("units/<str:org_code>/<int:year>/scorecard.pdf", views.scorecard, name="scorecard"),
    path("rectification/", views.rectifications, name="rectifications"),
    path("incidents/<str:org_code>/", views.incidents, name="incidents"),
    path("rectification/new/<str:org_code>/", views.issue, name="issue"),
    path("rectification/<int:pk>/", views.rectification, name="rectification"),
    path("accountability/<str:org_code>/", views.accountability, name="accountability"),
]
