from __future__ import annotations

from django.urls import path

from sepakat.library import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.new, name="new"),
    path("berkas/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/versi-baru/", views.new_version, name="new_version"),
]
