"""Prioritisasi pages, mounted at ``prioritas/``.

Two blocks, kept apart so that each can grow without touching the other: the ranked list
of problems and the priority set (here), and the determinant and location pages
(``prioritas/determinan/...``, ``prioritas/lokasi/...``).
"""

from __future__ import annotations

from django.urls import path

from sepakat.priorities import views, views_places

app_name = "priorities"

urlpatterns = [
    # ---- problems and the priority set (views.py)
    path("", views.ranking_view, name="ranking"),
    path("hitung/", views.compute, name="compute"),
    path("set/", views.set_list, name="sets"),
    path("set/susun/", views.set_edit, name="set_edit"),
    path("set/<int:pk>/", views.set_detail, name="set"),
    path("set/<int:pk>/<slug:action>/", views.set_action, name="set_action"),
    path("set/<int:pk>.pdf", views.set_pdf, name="set_pdf"),
    path("set/<int:pk>.xlsx", views.set_xlsx, name="set_xlsx"),
    # ---- determinants and locations (views_places.py)
    path("determinan/<str:code>/", views_places.determinants, name="determinants"),
    path("determinan/<str:code>/ubah/", views_places.determinants_edit, name="determinants_edit"),
    # the lists come before lokasi/<code>/: no catalogue code may be "daftar"
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
