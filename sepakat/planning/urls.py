from __future__ import annotations

from django.urls import path

from sepakat.planning import views, views_edit, views_tree

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
    path("rencana/versi/<int:pk>/pohon-masalah/", views_tree.tree_page, name="tree"),
    path("rencana/versi/<int:pk>/pohon-masalah/simpul/", views_tree.node_add, name="tree_node_add"),
    path(
        "rencana/versi/<int:pk>/pohon-masalah/tawaran/", views_tree.offer_add, name="tree_offer_add"
    ),
    path("pohon-masalah/simpul/<int:pk>/ubah/", views_tree.node_change, name="tree_node_change"),
    path("pohon-masalah/simpul/<int:pk>/hapus/", views_tree.node_remove, name="tree_node_remove"),
    path("rencana/versi/<int:pk>/unduh.<str:fmt>", views.plan_download, name="plan_download"),
]
