"""A seeded sample of generated bad files over every upload point (issue 17, item 5).

Each must be refused with a message in Bahasa Indonesia, never a 500, and leave no row
and no file behind. CI runs ``SEPAKAT_BADFILES_COUNT`` cases (200 by default) of seed
``SEPAKAT_BADFILES_SEED``; ``bench/bad_files.py`` runs a thousand and more and prints
the counts. A failing case is replayed by its number: ``-k "case_137"``.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.access.models import AccessRequest
from sepakat.budgeting.models import ApbdLine
from sepakat.datahub.models import (
    MicrodataFile,
    MicrodataIncoming,
    Observation,
    Submission,
    SubmissionValue,
    Upload,
)
from sepakat.library.models import Resource
from sepakat.training.models import Participant
from tests.access.conftest import form_data, letter_pdf  # noqa: F401
from tests.datahub import badfiles
from tests.datahub.conftest import filled_template
from tests.datahub.test_budget_upload import LINE, apbd, filled  # noqa: F401
from tests.training.conftest import datasets, participants_csv, start_date, training  # noqa: F401

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("SEPAKAT_BADFILES_SEED", "17"))
COUNT = int(os.environ.get("SEPAKAT_BADFILES_COUNT", "200"))

# Each refusal names the file, a sheet, a cell rule or the field, in Indonesian.
INDONESIAN = (
    "Berkas ",
    "Lembar ",
    "Kode wilayah",
    "Sel ",
    "harus berupa angka",
    "di luar rentang sah",
    "Realisasi (Rp",
    "Jumlah ini melebihi",
    "Tulis jumlah rupiah",
    "Jenis belanja harus",
    "Kode sub kegiatan harus",
    "Isi berkas",
    "Jenis berkas",
    "Baris judul berkas",
    "Alamat e-mail tidak sah",
)


def state():
    return (
        Upload.objects.count(),
        Submission.objects.count(),
        SubmissionValue.objects.count(),
        Observation.objects.count(),
        ApbdLine.objects.count(),
        Resource.objects.count(),
        AccessRequest.objects.count(),
        Participant.objects.count(),
        MicrodataIncoming.objects.count(),
        MicrodataFile.objects.count(),
        LogEntry.objects.count(),
    )


def files():
    """Every file under the test's data folder (uploads, letters, library, microdata)."""
    root = Path(settings.DATA_DIR)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def send(client, case, *, dataset, apbd, regions, letter, training):  # noqa: F811
    upload = SimpleUploadedFile(case.name, case.content)
    if case.point == "participants":
        return client.post(
            reverse("training:participants_import", args=[training.pk]), {"file": upload}
        )
    if case.point == "microdata":
        data = {
            "kind": "survey",
            "title": "Susenas",
            "period": "2025-03",
            "region": regions["kab_a"].pk,
            "source": "BPS",
            "file": upload,
        }
        return client.post(reverse("datahub:microdata_upload"), data)
    if case.point == "template":
        return client.post(reverse("datahub:upload_new"), {"dataset": dataset.pk, "file": upload})
    if case.point == "budget":
        return client.post(reverse("datahub:upload_new"), {"dataset": apbd.pk, "file": upload})
    if case.point == "library":
        data = {"title": "Modul", "kind": "manual", "audience": "public", "file": upload}
        return client.post(reverse("library:new"), data)
    return client.post(
        reverse("access:request_new"), form_data(regions["kab_b"], letter, letter=upload)
    )


@pytest.mark.parametrize("index", [pytest.param(i, id=f"case_{i}") for i in range(COUNT)])
def test_a_generated_bad_file_is_refused_cleanly(
    index,
    client,
    personas,
    login_as,
    dataset,
    apbd,  # noqa: F811
    regions,
    letter_pdf,  # noqa: F811
    request,
    settings,
    tmp_path,
):
    # every file any upload point writes lands under this test's own folder
    settings.DATA_DIR = tmp_path
    settings.MICRODATA_DIR = tmp_path / "microdata"
    point = badfiles.point_of(SEED, index)
    rng = badfiles.rng_of(SEED, index)
    if point == "template":
        login_as(personas["erin"])
        good = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
        case = badfiles.template_case(rng, good, badfiles.as_csv(good))
    elif point == "budget":
        login_as(personas["erin"])
        case = badfiles.budget_case(rng, LINE, lambda rows: filled(client, apbd, rows))
    elif point == "library":
        login_as(personas["diana"])
        case = badfiles.library_case(rng)
    elif point == "participants":
        login_as(personas["diana"])
        case = badfiles.participants_case(rng, participants_csv(4))
    elif point == "microdata":
        login_as(personas["bob"])
        case = badfiles.microdata_case(rng)
    else:
        case = badfiles.letter_case(rng)
    request.node.user_properties.append(("case", f"{case.point}/{case.kind}"))

    # the training (and the standard catalogue it loads) only where a list is imported
    course = request.getfixturevalue("training") if point == "participants" else None
    before, files_before = state(), files()
    response = send(
        client,
        case,
        dataset=dataset,
        apbd=apbd,
        regions=regions,
        letter=letter_pdf,
        training=course,
    )

    assert response.status_code < 500, f"{case.kind}: {response.status_code}"
    assert response.status_code != 302, f"{case.kind} was accepted"
    page = html.unescape(response.content.decode())
    assert any(marker in page for marker in INDONESIAN), f"{case.kind}: no Indonesian message"
    assert state() == before, f"{case.kind} left a row behind"
    # a participant list is previewed from the session: a refused one leaves none there
    assert not [k for k in client.session.keys() if k.startswith("training-import-")], case.kind
    assert files() == files_before, f"{case.kind} left a file behind"
