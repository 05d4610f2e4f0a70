from __future__ import annotations

from django.urls import path

from sepakat.budgeting import views

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.report_page, name="report"),
    path("<str:code>/<int:year>/rantai/", views.chain_page, name="chain"),
    path("<str:code>/<int:year>/unduh.<str:fmt>", views.download, name="download"),
]
