from __future__ import annotations

from django.urls import path

from sepakat.datahub import views

app_name = "datahub"

urlpatterns = [
    path("", views.index, name="index"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/baru/", views.indicator_new, name="indicator_new"),
    path("katalog/<int:pk>/", views.indicator_detail, name="indicator"),
    path("templat/<slug:code>/", views.template_download, name="template"),
    path("templat/<slug:code>/kosong/", views.template_blank, name="template_blank"),
    path("unggah/", views.upload_new, name="upload_new"),
    path("unggah/<int:pk>/", views.upload_detail, name="upload"),
    path("unggah/<int:pk>/simpan/", views.upload_commit, name="upload_commit"),
    path("unggah/<int:pk>/batal/", views.upload_discard, name="upload_discard"),
    path("unggah/<int:pk>/berkas/", views.upload_file, name="upload_file"),
    path("pengajuan/<int:pk>/", views.submission_detail, name="submission"),
    path("pengajuan/<int:pk>/<slug:action>/", views.submission_action, name="submission_action"),
    path("verifikasi/", views.review_queue, name="review_queue"),
    path("kesiapan/", views.readiness, name="readiness"),
]
