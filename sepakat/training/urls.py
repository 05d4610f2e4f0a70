from __future__ import annotations

from django.urls import path

from sepakat.training import attendance_views, public_views, views, webinar_views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.training_new, name="new"),
    path("survei/", views.survey_overview, name="survey_overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.training_edit, name="edit"),
    path("<int:pk>/pelatih/", views.trainer_add, name="trainer_add"),
    path("<int:pk>/pelatih/<int:trainer_pk>/hapus/", views.trainer_remove, name="trainer_remove"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/tambah/", views.session_edit, name="session_new"),
    path("<int:pk>/agenda/<int:session_pk>/", views.session_edit, name="session_edit"),
    path("<int:pk>/agenda/<int:session_pk>/hapus/", views.session_delete, name="session_delete"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/kak.pdf", views.kak_pdf, name="kak_pdf"),
    path("<int:pk>/rab.xlsx", views.rab_xlsx, name="rab_xlsx"),
    path("<int:pk>/peserta/", views.participants, name="participants"),
    path("<int:pk>/peserta/templat.xlsx", views.participant_template, name="participant_template"),
    path("<int:pk>/peserta/impor/", views.participants_import, name="participants_import"),
    path(
        "<int:pk>/peserta/impor/simpan/",
        views.participants_import_confirm,
        name="participants_import_confirm",
    ),
    path("<int:pk>/peserta/kirim-tautan/", views.participants_send_links, name="send_links"),
    path(
        "<int:pk>/peserta/<int:participant_pk>/hapus/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/presensi/", attendance_views.attendance, name="attendance"),
    path("<int:pk>/presensi/catat/", attendance_views.attendance_mark, name="attendance_mark"),
    path("<int:pk>/presensi/<int:session_pk>/qr/", attendance_views.session_qr, name="session_qr"),
    path(
        "<int:pk>/presensi/<int:session_pk>/buka/",
        attendance_views.session_open,
        name="session_open",
    ),
    path(
        "<int:pk>/presensi/<int:session_pk>/semua-hadir/",
        attendance_views.session_all_present,
        name="session_all_present",
    ),
    path("<int:pk>/tes/", views.tests, name="tests"),
    path("<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/sertifikat/", views.certificates, name="certificates"),
    path("<int:pk>/sertifikat/terbitkan/", views.certificates_issue, name="certificates_issue"),
    path("<int:pk>/sertifikat/kirim/", views.certificates_email, name="certificates_email"),
    path("<int:pk>/sertifikat/semua.zip", views.certificates_zip, name="certificates_zip"),
    path("<int:pk>/sertifikat/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "<int:pk>/sertifikat/<str:code>/cabut/", views.certificate_revoke, name="certificate_revoke"
    ),
    path("<int:pk>/survei/", views.survey, name="survey"),
    # Participants (personal link) and the public
    path("peserta/<str:token>/", public_views.participant_home, name="participant_home"),
    path(
        "peserta/<str:token>/tes/<str:kind>/",
        public_views.participant_test,
        name="participant_test",
    ),
    path("peserta/<str:token>/survei/", public_views.participant_survey, name="participant_survey"),
    path(
        "peserta/<str:token>/sertifikat.pdf",
        public_views.participant_certificate,
        name="participant_certificate",
    ),
    path("hadir/<str:session_token>/", public_views.checkin, name="checkin"),
    path("sertifikat/<str:code>/", public_views.certificate_verify, name="certificate_verify"),
    # Webinars
    path("webinar/", webinar_views.webinar_public, name="webinar_public"),
    path("webinar/kelola/", webinar_views.webinar_list, name="webinar_list"),
    path("webinar/baru/", webinar_views.webinar_new, name="webinar_new"),
    path("webinar/<int:pk>/", webinar_views.webinar_detail, name="webinar_detail"),
    path("webinar/<int:pk>/daftar/", webinar_views.webinar_register, name="webinar_register"),
    path(
        "webinar/pendaftaran/<str:token>/",
        webinar_views.webinar_registration,
        name="webinar_registration",
    ),
    # Mentoring
    path("pendampingan/", webinar_views.mentoring_index, name="mentoring"),
    path("pendampingan/<int:pk>/", webinar_views.mentoring_detail, name="mentoring_detail"),
    path(
        "pendampingan/<int:pk>/putuskan/", webinar_views.mentoring_decide, name="mentoring_decide"
    ),
    path(
        "pendampingan/<int:pk>/data/", webinar_views.mentoring_checklist, name="mentoring_checklist"
    ),
    path("pendampingan/<int:pk>/sesi/", webinar_views.mentoring_session, name="mentoring_session"),
]
