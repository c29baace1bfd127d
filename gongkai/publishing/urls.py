from __future__ import annotations

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("", views.work, name="work"),
    path("new/<str:org_code>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/files/<int:part>/", views.attachment, name="attachment"),
    path("<int:pk>/files/<int:part>/remove/", views.remove_attachment, name="remove_attachment"),
    path("<int:pk>/tables/<int:part>/remove/", views.remove_table, name="remove_table"),
]
