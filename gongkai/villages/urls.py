"""Staff pages, included under /staff/villages/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "villages"

urlpatterns = [
    path("", views.index, name="index"),
    path("template.<str:fmt>", views.template, name="template"),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path("statements/<int:pk>/lines/", views.add_line, name="add_line"),
    path("statements/<int:pk>/lines/<int:line>/remove/", views.remove_line, name="remove_line"),
    path("statements/<int:pk>/import/", views.import_file, name="import"),
    path("statements/<int:pk>/submit/", views.submit, name="submit"),
    path("statements/<int:pk>/amend/", views.amend, name="amend"),
    path("reconciliation/<str:org_code>/", views.reconciliation, name="reconciliation"),
    path("records/template.<str:fmt>", views.records_template, name="records_template"),
    path("records/<str:org_code>/", views.records, name="records"),
    path("records/<str:org_code>/import/", views.import_records, name="import_records"),
    path("records/<str:org_code>/<int:pk>/correct/", views.correct_record, name="correct_record"),
    path("records/<str:org_code>/<int:pk>/remove/", views.remove_record, name="remove_record"),
    path("<str:org_code>/statements/new/", views.new_statement, name="new_statement"),
]
