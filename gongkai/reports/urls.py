from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/<int:year>/", views.overview, name="overview"),
    path("<str:org_code>/open/", views.open_report, name="open"),
    path("<str:org_code>/cases/", views.cases, name="cases"),
    path("<str:org_code>/cases/<int:pk>/", views.case_edit, name="case_edit"),
    path("<str:org_code>/<int:year>/", views.detail, name="detail"),
    path("<str:org_code>/<int:year>/counts/", views.values, name="values"),
    path("<str:org_code>/<int:year>/text/", views.text, name="text"),
    path("<str:org_code>/<int:year>/refresh/", views.refresh, name="refresh"),
    path("<str:org_code>/<int:year>/restore/", views.restore, name="restore"),
    path("<str:org_code>/<int:year>/publish/", views.publish, name="publish"),
    path("<str:org_code>/<int:year>/report.<str:fmt>", views.export, name="export"),
]
