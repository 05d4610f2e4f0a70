from __future__ import annotations

from django.urls import path

from sepakat.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indikator/", views.indicator, name="indicator"),
    path("peta/", views.map_view, name="map"),
    path("desil/", views.deciles, name="deciles"),
    path("unduh/<slug:key>.<str:fmt>", views.download, name="download"),
    path("laporan.pdf", views.report_pdf, name="report_pdf"),
    path("laporan.xlsx", views.report_xlsx, name="report_xlsx"),
    path("hitung/", views.compute, name="compute"),
    path("hitung/<int:pk>/", views.run_detail, name="run"),
]
