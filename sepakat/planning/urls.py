from __future__ import annotations

from django.urls import path

from sepakat.planning import views

app_name = "planning"

urlpatterns = [
    path("nomenklatur/", views.nomenclature, name="nomenclature"),
    path("skpd/<str:code>/", views.skpd_list, name="skpd_list"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/versi/<int:pk>/", views.plan_version, name="plan_version"),
    path("rencana/versi/<int:pk>/unduh.<str:fmt>", views.plan_download, name="plan_download"),
]
