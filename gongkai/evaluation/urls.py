"""Staff pages, included under /staff/evaluation/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("comments/<int:pk>/", views.moderate, name="moderate"),
    path("error-reports/<int:pk>/", views.answer, name="answer"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/close/", views.close_round, name="close_round"),
    path("rounds/<int:pk>/", views.round_forms, name="round_forms"),
    path("rounds/<int:pk>/<str:org_code>/", views.evaluate, name="evaluate"),
    path("results/<str:org_code>/<int:year>.xlsx", views.export, name="export"),
]
