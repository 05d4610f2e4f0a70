from __future__ import annotations

from django.urls import path

from sepakat.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("cari/", views.search, name="search"),
    path("impor/", views.import_page, name="import"),
    path("<str:code>/", views.region_detail, name="detail"),
]
