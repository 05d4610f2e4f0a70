from __future__ import annotations

from django.urls import path

from sepakat.planning import views, views_edit

app_name = "planning"

urlpatterns = [
    path("nomenklatur/", views.nomenclature, name="nomenclature"),
    path("skpd/<str:code>/", views.skpd_list, name="skpd_list"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/baru/", views_edit.plan_create, name="plan_create"),
    path("rencana/versi/<int:pk>/", views.plan_version, name="plan_version"),
    path("rencana/versi/<int:pk>/ubah/", views_edit.version_edit, name="version_edit"),
    path(
        "rencana/versi/<int:pk>/langkah/<slug:action>/",
        views_edit.version_action,
        name="version_action",
    ),
    path("rencana/versi/<int:pk>/tujuan/baru/", views_edit.objective_new, name="objective_new"),
    path("rencana/tujuan/<int:pk>/ubah/", views_edit.objective_edit, name="objective_edit"),
    path("rencana/tujuan/<int:pk>/hapus/", views_edit.objective_remove, name="objective_remove"),
    path("rencana/versi/<int:pk>/outcome/baru/", views_edit.outcome_new, name="outcome_new"),
    path("rencana/outcome/<int:pk>/ubah/", views_edit.outcome_edit, name="outcome_edit"),
    path("rencana/outcome/<int:pk>/hapus/", views_edit.outcome_remove, name="outcome_remove"),
    path(
        "rencana/versi/<int:pk>/intervensi/baru/",
        views_edit.intervention_new,
        name="intervention_new",
    ),
    path(
        "rencana/intervensi/<int:pk>/ubah/", views_edit.intervention_edit, name="intervention_edit"
    ),
    path(
        "rencana/intervensi/<int:pk>/hapus/",
        views_edit.intervention_remove,
        name="intervention_remove",
    ),
    path(
        "rencana/versi/<int:pk>/sub-kegiatan/",
        views_edit.sub_kegiatan_search,
        name="sub_kegiatan_search",
    ),
    path(
        "rencana/versi/<int:pk>/sub-kegiatan/pilih/",
        views_edit.sub_kegiatan_pick,
        name="sub_kegiatan_pick",
    ),
]
