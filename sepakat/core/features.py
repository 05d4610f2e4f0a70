"""What a trial account (the "access only" package) may use, in one named configuration.

A region that asks for access without training gets a three-month trial: it may explore
its analysis and priorities (view and export), read the data catalogue, fill the analysis
worksheet and read the resource library, but it does not run the planning cycle: no data
upload or verification, no microdata, no planning, budgeting or monitoring edits, no API
tokens. Regions with the full package (training and access) use everything their role allows.

Views declare the feature they serve with :func:`feature_required`; a trial user who opens
one gets a page that says what the full package adds and how to get it, with status 403.

Feature keys for the modules (use these names when the modules are built):

===================  ===========================================================
key                  views
===================  ===========================================================
data.view            data hub index, catalogue, indicator pages, submissions (read)
data.upload          template download, upload, preview, commit, discard
data.verify          verification queue and verify/return/reopen actions
data.microdata       microdata files: list, upload, mapping, by-name download
data.api             API tokens
analysis.view        Analisis Kemiskinan pages
analysis.export      analysis exports (PDF, Excel, images)
priorities.view      Prioritisasi pages
priorities.export    Prioritisasi exports
planning.edit        Perencanaan: problem tree, interventions, programmes
budgeting.edit       Penganggaran: APBD tagging and allocation
monitoring.edit      Pemantauan & Evaluasi: targets and actuals
worksheet            the analysis worksheet
users.manage         the regional admin's user management
===================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FEATURES: dict[str, str | Promise] = {
    "data.view": _("Melihat katalog indikator dan data wilayah"),
    "data.upload": _("Mengunggah data daerah dengan templat"),
    "data.verify": _("Memverifikasi data yang dikirim perangkat daerah"),
    "data.microdata": _("Mengelola mikrodata rumah tangga dan individu (DTSEN, Regsosek)"),
    "data.api": _("Pertukaran data otomatis melalui API"),
    "analysis.view": _("Analisis Kemiskinan"),
    "analysis.export": _("Mengekspor hasil analisis"),
    "priorities.view": _("Prioritisasi masalah, intervensi dan lokasi"),
    "priorities.export": _("Mengekspor hasil prioritisasi"),
    "planning.edit": _("Menyusun rencana: pohon masalah, intervensi, program dan target"),
    "budgeting.edit": _("Penandaan dan alokasi anggaran kemiskinan"),
    "monitoring.edit": _("Pemantauan target dan realisasi, evaluasi"),
    "worksheet": _("Lembar kerja analisis"),
    "users.manage": _("Mengelola pengguna daerah"),
}

# The "access only" package: explore the analysis, do not run the planning cycle.
TRIAL_PACKAGE: frozenset[str] = frozenset(
    {
        "data.view",
        "analysis.view",
        "analysis.export",
        "priorities.view",
        "priorities.export",
        "worksheet",
        "users.manage",
    }
)
FULL_PACKAGE: frozenset[str] = frozenset(FEATURES)

assert TRIAL_PACKAGE <= FULL_PACKAGE


def features_of(user: Any) -> frozenset[str]:
    """The features of ``user``'s package (roles still decide the rest)."""
    if getattr(user, "is_trial", False):
        return TRIAL_PACKAGE
    return FULL_PACKAGE


def has_feature(user: Any, key: str) -> bool:
    if key not in FEATURES:
        raise KeyError(f"unknown feature {key!r}; add it to sepakat.core.features.FEATURES")
    return key in features_of(user)


def full_package_extras() -> list[str | Promise]:
    """What the full package adds to the trial, in the order of the cycle."""
    return [label for key, label in FEATURES.items() if key not in TRIAL_PACKAGE]


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def feature_required(key: str) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse a view to accounts whose package lacks ``key``, explaining the full package.

    Put it below ``role_required``/``login_required`` so that the login check runs first.
    """
    if key not in FEATURES:
        raise KeyError(f"unknown feature {key!r}; add it to sepakat.core.features.FEATURES")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_feature(request.user, key):
                return feature_locked_response(request, key)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def feature_locked_response(request: HttpRequest, key: str) -> HttpResponseBase:
    return render(
        request,
        "access/feature_locked.html",
        {
            "feature": FEATURES[key],
            "feature_key": key,
            "extras": full_package_extras(),
            "trial_features": [FEATURES[k] for k in FEATURES if k in TRIAL_PACKAGE],
        },
        status=403,
    )
