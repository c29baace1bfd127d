from __future__ import annotations

app_name = "guides"

urlpatterns: list = []
