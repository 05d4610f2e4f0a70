"""Pages of the trainers and the central team about attendance: the grid, "Semua hadir",
the room's QR code and its "open now" (thin views over :mod:`sepakat.training.attendance`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sepakat.core.access import role_required
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.training import attendance as attendance_services
from sepakat.training import selectors
from sepakat.training.models import Attendance, Participant, Session
from sepakat.training.pdf import qr_svg
from sepakat.training.views import RUN, _ctx, _training


@role_required(*RUN)
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    table = selectors.attendance_table(training)
    return render(request, "training/attendance.html", _ctx(training, "attendance", table=table))


@role_required(*RUN)
@require_POST
def attendance_mark(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    try:
        participant = training.participants.get(pk=int(request.POST.get("participant", "0")))
        session = training.sessions.get(pk=int(request.POST.get("session", "0")))
    except (Participant.DoesNotExist, Session.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if request.POST.get("present") == "0":
        attendance_services.attendance_remove(
            user=request.user, participant=participant, session=session
        )
    else:
        try:
            attendance_services.check_in(
                participant=participant,
                session=session,
                method=Attendance.Method.TRAINER,
                by=request.user,
                override_reason=request.POST.get("reason", ""),
            )
        except UserError as exc:
            messages.error(request, str(exc))
    return redirect("training:attendance", pk=training.pk)


@role_required(*RUN)
@require_POST
def session_all_present(request: AuthedRequest, pk: int, session_pk: int) -> HttpResponse:
    """Everyone present in one action; the trainer then unmarks the absent ones."""
    training = _training(request, pk)
    session = get_object_or_404(training.sessions, pk=session_pk)
    try:
        n = attendance_services.session_all_present(
            user=request.user, session=session, override_reason=request.POST.get("reason", "")
        )
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("training:attendance", pk=training.pk)
    messages.success(
        request,
        _("%(n)d peserta dicatat hadir pada sesi '%(title)s'. Batalkan centang yang tidak hadir.")
        % {"n": n, "title": session.title},
    )
    return redirect("training:attendance", pk=training.pk)


@role_required(*RUN)
def session_qr(request: AuthedRequest, pk: int, session_pk: int) -> HttpResponse:
    """The page shown on the projector: a QR code that opens the check-in page."""
    training = _training(request, pk)
    session = get_object_or_404(training.sessions, pk=session_pk)
    from django.urls import reverse

    url = request.build_absolute_uri(reverse("training:checkin", args=[session.token]))
    present = session.attendances.count()
    return render(
        request,
        "training/session_qr.html",
        _ctx(
            training,
            "attendance",
            session=session,
            url=url,
            qr=mark_safe(qr_svg(url)),
            present=present,
            is_open=attendance_services.checkin_open(session, timezone.now()),
        ),
    )


@role_required(*RUN)
@require_POST
def session_open(request: AuthedRequest, pk: int, session_pk: int) -> HttpResponse:
    training = _training(request, pk)
    session = get_object_or_404(training.sessions, pk=session_pk)
    attendance_services.session_open_checkin(user=request.user, session=session)
    messages.success(request, _("Presensi dengan kode QR dibuka selama 30 menit."))
    return redirect("training:session_qr", pk=training.pk, session_pk=session.pk)
