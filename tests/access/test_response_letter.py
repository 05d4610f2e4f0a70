"""The response letter is signed by a named official with NIP under one letterhead."""

from __future__ import annotations

import pytest

from sepakat.access.models import AccessRequest
from sepakat.core.dates import long_date
from tests.training.test_tests_and_certificates import pdf_text

pytestmark = pytest.mark.django_db


def _decline(personas, regions, letter_pdf, capture):
    from sepakat.access import services
    from tests.access.conftest import submit_request

    request = submit_request(regions["kab_a"], letter_pdf)
    with capture(execute=True):
        services.request_decline(
            request=request, by=personas["diana"], reason="Surat tidak ditandatangani."
        )
    return " ".join(pdf_text(AccessRequest.objects.get().response_letter.read()).split())


def test_the_letter_names_its_signatory_and_nip_once_under_one_header(
    personas, regions, letter_pdf, django_capture_on_commit_callbacks, settings
):
    settings.SEPAKAT_SIGNATORY_NAME = "Dr. Budi Santoso, M.Si."
    settings.SEPAKAT_SIGNATORY_NIP = "197001011995031001"
    text = _decline(personas, regions, letter_pdf, django_capture_on_commit_callbacks)
    assert "Dr. Budi Santoso, M.Si." in text and "NIP 197001011995031001" in text
    assert text.count("KEMENTERIAN PERENCANAAN PEMBANGUNAN NASIONAL") == 1
    assert text.count("Direktorat Penanggulangan Kemiskinan") == 1
    assert long_date(AccessRequest.objects.get().letter_date) in text


def test_without_a_configured_signatory_the_letter_leaves_lines_to_fill(
    personas, regions, letter_pdf, django_capture_on_commit_callbacks, settings
):
    settings.SEPAKAT_SIGNATORY_NAME = ""
    settings.SEPAKAT_SIGNATORY_NIP = ""
    text = _decline(personas, regions, letter_pdf, django_capture_on_commit_callbacks)
    assert "NIP ....." in text
