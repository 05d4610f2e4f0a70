from __future__ import annotations

from django.urls import path

from sepakat.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit_log"),
    path("aset/vega-bundle.js", views.vega_bundle, name="vega_bundle"),
]
