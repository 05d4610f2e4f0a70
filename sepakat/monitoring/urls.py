from __future__ import annotations

from django.urls import path

from sepakat.monitoring import views, views_quarter

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.table, name="table"),
    path("<str:code>/<int:year>/triwulan/<int:quarter>/", views_quarter.quarter, name="quarter"),
    path("<str:code>/target/baru/", views.target_new, name="target_new"),
]
