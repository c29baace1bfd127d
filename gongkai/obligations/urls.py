from django.urls import path

from . import views

app_name = "obligations"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("obligations/heat-map.xlsx", views.heat_map_xlsx, name="heat_map_xlsx"),
    path("obligations/units/<str:org_code>/", views.unit_obligations, name="unit"),
    path("obligations/<int:pk>/waive/", views.waive, name="waive"),
    path("obligations/events/new/<str:org_code>/", views.record_event, name="record_event"),
    path("obligations/stale/<str:org_code>/", views.stale, name="stale"),
    path("obligations/orders/", views.orders, name="orders"),
    path("obligations/orders/new/<str:org_code>/", views.issue_order, name="issue_order"),
    path("obligations/orders/<int:pk>/answer/", views.answer_order, name="answer_order"),
    path("obligations/notifications/read/", views.read_notifications, name="read_notifications"),
]
