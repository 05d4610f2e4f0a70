from __future__ import annotations

import importlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
application = get_wsgi_application()

# The data folder must exist before the first request opens the SQLite database; the
# settings module makes it here, not when it is imported.
_prepare = getattr(
    importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]), "prepare_data_dir", None
)
if callable(_prepare):
    _prepare()
