from __future__ import annotations

from django.urls import path

from sepakat.budgeting import views, views_tagging

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<int:year>/", views.report_page, name="report"),
    path("<str:code>/<int:year>/rantai/", views.chain_page, name="chain"),
    path("<str:code>/<int:year>/keselarasan/", views.alignment_page, name="alignment"),
    path("<str:code>/<int:year>/unduh.<str:fmt>", views.download, name="download"),
]

# Penandaan (tagging): the lines of a year, the plan's suggestions, bulk changes.
urlpatterns += [
    path(
        "<str:code>/<int:year>/penandaan/",
        views_tagging.tagging_page,
        name="tagging",
    ),
    path(
        "<str:code>/<int:year>/penandaan/ubah/",
        views_tagging.tagging_bulk,
        name="tagging_bulk",
    ),
    path(
        "<str:code>/<int:year>/penandaan/saran/",
        views_tagging.tagging_suggestions,
        name="tagging_suggestions",
    ),
]
