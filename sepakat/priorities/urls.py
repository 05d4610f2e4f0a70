from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from sepakat.priorities import views_places

app_name = "priorities"

urlpatterns: list[URLPattern | URLResolver] = []

# ---------------------------------------------------------------- determinants and locations
urlpatterns += [
    path("determinan/<str:code>/", views_places.determinants, name="determinants"),
    path("determinan/<str:code>/ubah/", views_places.determinants_edit, name="determinants_edit"),
    path("lokasi/daftar/", views_places.location_lists, name="location_lists"),
    path("lokasi/daftar/impor/", views_places.location_list_import, name="location_list_import"),
    path("lokasi/daftar/<int:pk>/", views_places.location_list_detail, name="location_list"),
    path("lokasi/<str:code>/", views_places.locations, name="locations"),
    path(
        "lokasi/<str:code>/desa/<str:desa_code>/",
        views_places.locations_households,
        name="locations_households",
    ),
]
