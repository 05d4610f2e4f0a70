"""One named configuration decides what a trial account may use."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from sepakat.core import features
from sepakat.core.features import TRIAL_PACKAGE, feature_required, has_feature

pytestmark = pytest.mark.django_db


def test_the_trial_explores_the_analysis_but_does_not_run_the_cycle():
    assert {"analysis.view", "analysis.export", "priorities.view", "worksheet"} <= TRIAL_PACKAGE
    assert (
        not {"data.upload", "data.verify", "data.microdata", "planning.edit", "budgeting.edit"}
        & TRIAL_PACKAGE
    )


def test_a_trial_user_gets_the_full_package_page_on_a_locked_view(personas):
    alice = personas["alice"]
    alice.is_trial = True

    @feature_required("planning.edit")
    def plan(request):
        return HttpResponse("rencana")

    request = RequestFactory().get("/rencana/")
    request.user = alice
    response = plan(request)
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-feature="planning.edit"' in html
    assert "paket penuh" in html
    assert str(features.FEATURES["data.verify"]) in html  # what the full package adds
    assert "/akses/bahan/" in html and "/akses/ajukan/" in html  # how to get it


def test_a_full_package_user_passes(personas):
    @feature_required("planning.edit")
    def plan(request):
        return HttpResponse("rencana")

    request = RequestFactory().get("/rencana/")
    request.user = personas["alice"]
    assert plan(request).content == b"rencana"


def test_an_unknown_feature_is_a_programming_error(personas):
    with pytest.raises(KeyError):
        feature_required("no.such")
    with pytest.raises(KeyError):
        has_feature(personas["alice"], "no.such")


def test_a_trial_viewer_still_reads_the_worksheet_list(client, personas, login_as):
    frank = personas["frank"]
    frank.is_trial = True
    frank.save()
    login_as(frank)
    assert client.get("/akses/lembar-kerja/").status_code == 200
