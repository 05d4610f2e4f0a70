from __future__ import annotations

from django.urls import path

from sepakat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi/", views.second_factor_view, name="second_factor"),
    path("keluar/", views.logout_view, name="logout"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/undang/", views.user_invite_view, name="user_invite"),
    path("pengguna/<int:pk>/nonaktifkan/", views.user_deactivate_view, name="user_deactivate"),
    path("undangan/<str:token>/", views.invitation_view, name="invitation"),
]
