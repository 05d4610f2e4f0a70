from __future__ import annotations

from django.urls import path

from sepakat.datahub import views

app_name = "datahub"

urlpatterns = [
    path("", views.index, name="index"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/baru/", views.indicator_new, name="indicator_new"),
    path("katalog/<int:pk>/", views.indicator_detail, name="indicator"),
    path("katalog/<int:pk>/ubah/", views.indicator_edit, name="indicator_edit"),
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

# Microdata files and API tokens.
from sepakat.datahub import api_views, microdata_views  # noqa: E402

urlpatterns += [
    path("mikrodata/", microdata_views.microdata_list, name="microdata_list"),
    path("mikrodata/unggah/", microdata_views.microdata_upload, name="microdata_upload"),
    path("mikrodata/masuk/<int:pk>/", microdata_views.microdata_mapping, name="microdata_mapping"),
    path(
        "mikrodata/masuk/<int:pk>/konfirmasi/",
        microdata_views.microdata_confirm,
        name="microdata_confirm",
    ),
    path(
        "mikrodata/masuk/<int:pk>/batal/",
        microdata_views.microdata_discard,
        name="microdata_discard",
    ),
    path("mikrodata/<int:pk>/", microdata_views.microdata_detail, name="microdata"),
    path(
        "mikrodata/<int:pk>/unduh-data-pribadi/",
        microdata_views.microdata_personal_download,
        name="microdata_personal_download",
    ),
    path("token-api/", api_views.api_tokens, name="api_tokens"),
    path("token-api/<int:pk>/cabut/", api_views.api_token_revoke, name="api_token_revoke"),
]
