from __future__ import annotations

from django.urls import path

from sepakat.access import views

app_name = "access"

urlpatterns = [
    # public
    path("ajukan/", views.request_new, name="request_new"),
    path("konfirmasi/<str:signed>/", views.confirm, name="confirm"),
    path("status/<str:token>/", views.status, name="status"),
    # central team
    path("permohonan/", views.queue, name="queue"),
    path("permohonan/catat/", views.request_register, name="request_register"),
    path("permohonan/<int:pk>/", views.request_detail, name="request"),
    path("permohonan/<int:pk>/surat/", views.letter, name="letter"),
    path("permohonan/<int:pk>/tanggapan/", views.response_letter, name="response_letter"),
    path("permohonan/<int:pk>/konsultasi/", views.consultation_add, name="consultation_add"),
    path("permohonan/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
    path("masa-berlaku/", views.expiring, name="expiring"),
    path("perpanjangan/", views.extensions, name="extensions"),
    path("perpanjangan/ajukan/", views.extension_new, name="extension_new"),
    path("perpanjangan/<int:pk>/<slug:action>/", views.extension_decide, name="extension_decide"),
    # the region
    path("bahan/", views.materials, name="materials"),
    path("lembar-kerja/", views.worksheet_list, name="worksheets"),
    path("lembar-kerja/templat/baru/", views.worksheet_template_new, name="worksheet_template_new"),
    path("lembar-kerja/mulai/<int:template_pk>/", views.worksheet_start, name="worksheet_start"),
    path("lembar-kerja/<int:pk>/", views.worksheet_detail, name="worksheet"),
    path("lembar-kerja/<int:pk>/pdf/", views.worksheet_pdf, name="worksheet_pdf"),
    path("lembar-kerja/<int:pk>/<slug:action>/", views.worksheet_review, name="worksheet_review"),
]
