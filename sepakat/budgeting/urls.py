from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from sepakat.budgeting import views_tagging

app_name = "budgeting"

urlpatterns: list[URLPattern | URLResolver] = []

# Penandaan (tagging): the lines of a year, the plan's suggestions, bulk changes.
urlpatterns += [
    path(
        "<str:kode>/<int:tahun>/penandaan/",
        views_tagging.tagging_page,
        name="tagging",
    ),
    path(
        "<str:kode>/<int:tahun>/penandaan/ubah/",
        views_tagging.tagging_bulk,
        name="tagging_bulk",
    ),
    path(
        "<str:kode>/<int:tahun>/penandaan/saran/",
        views_tagging.tagging_suggestions,
        name="tagging_suggestions",
    ),
]
