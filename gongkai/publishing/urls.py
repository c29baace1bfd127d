from __future__ import annotations

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("", views.work, name="work"),
    path("new/<str:org_code>/", views.new, name="new"),
    path("check/<str:org_code>/", views.check_draft, name="check"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_draft, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/decision/", views.record_decision, name="decision"),
    path("<int:pk>/congress/", views.record_congress_approval, name="congress"),
    path("<int:pk>/findings/<int:finding>/mask/", views.mask, name="mask"),
    path("<int:pk>/findings/<int:finding>/keep/", views.override, name="override"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/take-down/", views.take_down, name="take_down"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/correct/publish/", views.publish_correction, name="publish_correction"),
    path("<int:pk>/correct/material/", views.treat_as_amendment, name="treat_as_amendment"),
    path("<int:pk>/files/<int:part>/", views.attachment, name="attachment"),
    path("<int:pk>/pictures/", views.add_picture, name="add_picture"),
    path("<int:pk>/files/<int:part>/remove/", views.remove_attachment, name="remove_attachment"),
    path("<int:pk>/tables/<int:part>/remove/", views.remove_table, name="remove_table"),
]
