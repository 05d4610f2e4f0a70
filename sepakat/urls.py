from __future__ import annotations

from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("sepakat.core.urls")),
    path("akun/", include("sepakat.accounts.urls")),
    path("wilayah/", include("sepakat.regions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
