"""Pages for participants (no account: a personal unguessable link) and the public
certificate verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sepakat.core.errors import UserError
from sepakat.training import assessments, documents, selectors, services
from sepakat.training.forms import SurveyForm
from sepakat.training.models import (
    Attendance,
    Certificate,
    Participant,
    Session,
    TestAttempt,
    TestKind,
)
from sepakat.training.rules import core_end, long_date

COOKIE = "sepakat_peserta"
COOKIE_AGE = 60 * 60 * 24 * 60


def _participant(token: str) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("person", "training__region"), token=token
    )


def _remember(response: HttpResponse, participant: Participant) -> HttpResponse:
    response.set_cookie(
        COOKIE, participant.token, max_age=COOKIE_AGE, httponly=True, samesite="Lax"
    )
    return response


def participant_home(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(token)
    training = participant.training
    now = timezone.now()
    attempts = {a.kind: a for a in participant.attempts.all()}
    certificate = Certificate.objects.filter(participant=participant).first()
    table = selectors.attendance_table(training, now=now)
    mine = next((r for r in table.rows if r.participant.pk == participant.pk), None)
    response = render(
        request,
        "training/participant/home.html",
        {
            "participant": participant,
            "training": training,
            "tests": [
                (
                    kind,
                    attempts.get(kind.value),
                    assessments.test_is_open(training, kind.value, now),
                    assessments.test_window(training, kind.value),
                )
                for kind in TestKind
            ],
            "certificate": certificate,
            "row": mine,
        },
    )
    return _remember(response, participant)


def participant_test(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    participant = _participant(token)
    if kind not in TestKind.values:
        return redirect("training:participant_home", token=token)
    questions = selectors.test_questions()
    done = TestAttempt.objects.filter(participant=participant, kind=kind).first()
    error = ""
    if request.method == "POST" and done is None:
        answers: dict[int, int] = {}
        for question in questions:
            value = request.POST.get(f"q{question.pk}")
            if value is not None and value.isdigit():
                answers[question.pk] = int(value)
        try:
            done = assessments.submit_test(
                participant=participant, kind=kind, answers=answers, questions=questions
            )
        except UserError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("%(test)s terkirim. Nilai Anda: %(score)s.")
                % {"test": TestKind(kind).label, "score": f"{done.score:g}"},
            )
            return redirect("training:participant_home", token=token)
    is_open = assessments.test_is_open(participant.training, kind, timezone.now())
    return render(
        request,
        "training/participant/test.html",
        {
            "participant": participant,
            "training": participant.training,
            "kind": TestKind(kind),
            "questions": questions,
            "done": done,
            "is_open": is_open,
            "error": error,
        },
    )


def participant_survey(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(token)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratings = {k: v for k, v in form.cleaned_data.items() if k != "comments"}
        try:
            assessments.survey_submit(
                participant=participant, ratings=ratings, comments=form.cleaned_data["comments"]
            )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Terima kasih; penilaian Anda tersimpan tanpa nama."))
            return redirect("training:participant_home", token=token)
    return render(
        request,
        "training/participant/survey.html",
        {"participant": participant, "training": participant.training, "form": form},
    )


@require_GET
def participant_certificate(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(token)
    certificate = get_object_or_404(Certificate, participant=participant, revoked_at__isnull=True)
    content = documents.certificate_pdf(certificate, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{certificate.code}.pdf"'
    return response


def checkin(request: HttpRequest, session_token: str) -> HttpResponse:
    """The page the room's QR code opens: the participant confirms their presence.

    The participant is recognised by the cookie their personal link left; without it they
    paste their personal link (or its code) once.
    """
    session = get_object_or_404(
        Session.objects.select_related("training__region"), token=session_token
    )
    token = request.COOKIES.get(COOKIE, "")
    if request.method == "POST" and request.POST.get("personal"):
        token = request.POST["personal"].strip().rstrip("/").rsplit("/", 1)[-1]
    participant = (
        Participant.objects.select_related("person")
        .filter(token=token, training=session.training)
        .first()
        if token
        else None
    )
    error = ""
    attendance = (
        Attendance.objects.filter(participant=participant, session=session).first()
        if participant
        else None
    )
    if request.method == "POST" and participant is not None and attendance is None:
        try:
            attendance = services.check_in(
                participant=participant, session=session, method=Attendance.Method.QR
            )
        except UserError as exc:
            error = str(exc)
    elif request.method == "POST" and participant is None:
        error = _(
            "Tautan pribadi tidak dikenali untuk pelatihan ini. Buka tautan dari e-mail "
            "undangan Anda, atau minta pelatih mencatat kehadiran Anda."
        )
    response = render(
        request,
        "training/participant/checkin.html",
        {
            "session": session,
            "training": session.training,
            "participant": participant,
            "attendance": attendance,
            "error": error,
        },
    )
    if participant is not None:
        _remember(response, participant)
    return response


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate's code or QR can check that it is genuine."""
    certificate = (
        Certificate.objects.select_related("participant__person", "participant__training__region")
        .filter(code=code.strip().upper())
        .first()
    )
    # A certificate is in force only once its training's last core session has ended, even
    # one created by other means than the issuing step.
    in_force_from = core_end(certificate.participant.training) if certificate else None
    not_yet = certificate is not None and (in_force_from is None or timezone.now() < in_force_from)
    return render(
        request,
        "training/verify.html",
        {
            "certificate": certificate,
            "code": code,
            "not_yet": not_yet,
            "in_force_from": long_date(in_force_from) if in_force_from else "",
        },
        status=200 if certificate else 404,
    )
