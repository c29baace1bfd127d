"""Staff pages, included under /staff/applications/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "info_requests"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("register/", views.register, name="register"),
    path("supervise/", views.supervise, name="supervise"),
    path("filings/", views.filings, name="filings"),
    path("filings/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/steps/<str:kind>/", views.step, name="step"),
    path("<str:code>/assign/", views.assign, name="assign"),
    path("<str:code>/proactive/", views.proactive, name="proactive"),
    path("<str:code>/records/<str:how>/", views.records, name="records"),
    path("<str:code>/findings/<int:pk>/<str:how>/", views.finding, name="finding"),
    path("<str:code>/transfer/", views.transfer, name="transfer"),
    path("<str:code>/letter/", views.letter, name="letter"),
    path("<str:code>/notices/<str:kind>.<str:fmt>", views.notice, name="notice"),
    path("<str:code>/files/<int:pk>/", views.document, name="document"),
    path("<str:code>/corrections/<int:pk>/", views.correction_file, name="correction_file"),
    path("<str:code>/letter.<str:kind>", views.letter_file, name="letter_file"),
]
