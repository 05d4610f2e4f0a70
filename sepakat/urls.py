from __future__ import annotations

from django.urls import include, path

from sepakat.core import views as core_views
from sepakat.datahub.api import api
from sepakat.planning.api import register as register_planning_api
from sepakat.priorities.api import register as register_priorities_api

# The API lives in the data hub; later modules add their routers to it, never the reverse.
register_priorities_api(api)
register_planning_api(api)

urlpatterns = [
    path("", include("sepakat.core.urls")),
    path("akun/", include("sepakat.accounts.urls")),
    path("wilayah/", include("sepakat.regions.urls")),
    path("data/", include("sepakat.datahub.urls")),
    path("analisis/", include("sepakat.analysis.urls")),
    path("prioritas/", include("sepakat.priorities.urls")),
    path("perencanaan/", include("sepakat.planning.urls")),
    path("penganggaran/", include("sepakat.budgeting.urls")),
    path("akses/", include("sepakat.access.urls")),
    path("pelatihan/", include("sepakat.training.urls")),
    path("pustaka/", include("sepakat.library.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", core_views.favicon),
]
