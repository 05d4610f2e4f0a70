from __future__ import annotations

from django.urls import path

from sepakat.planning import views, views_tree

app_name = "planning"

urlpatterns = [
    path("nomenklatur/", views.nomenclature, name="nomenclature"),
    path("skpd/<str:code>/", views.skpd_list, name="skpd_list"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/versi/<int:pk>/", views.plan_version, name="plan_version"),
    path("rencana/versi/<int:pk>/pohon-masalah/", views_tree.tree_page, name="tree"),
    path("rencana/versi/<int:pk>/pohon-masalah/simpul/", views_tree.node_add, name="tree_node_add"),
    path(
        "rencana/versi/<int:pk>/pohon-masalah/tawaran/", views_tree.offer_add, name="tree_offer_add"
    ),
    path("pohon-masalah/simpul/<int:pk>/ubah/", views_tree.node_change, name="tree_node_change"),
    path("pohon-masalah/simpul/<int:pk>/hapus/", views_tree.node_remove, name="tree_node_remove"),
]
