"""Webinars (managed by the central team, public registration) and mentoring pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sepakat.core.access import get_for_user, role_required, scoped
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.training import mentoring, webinars
from sepakat.training.forms import (
    MentoringDecisionForm,
    MentoringRequestForm,
    MentoringSessionForm,
    RecordingForm,
    WebinarForm,
    WebinarRegistrationForm,
)
from sepakat.training.models import (
    MentoringRequest,
    RegistrationStatus,
    Webinar,
    WebinarRegistration,
    WebinarStatus,
)
from sepakat.training.packages import region_has_package, regions_with_package


@role_required(Role.CENTRAL_ADMIN)
def webinar_list(request: AuthedRequest) -> HttpResponse:
    from django.db.models import Count, Q

    items = Webinar.objects.annotate(
        n_registered=Count("registrations", filter=Q(registrations__status="registered")),
        n_waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    ).order_by("-starts_at")
    return render(
        request, "training/webinar_list.html", {"active_module": "training", "webinars": items}
    )


@role_required(Role.CENTRAL_ADMIN)
def webinar_new(request: AuthedRequest) -> HttpResponse:
    form = WebinarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webinar = webinars.webinar_create(
                user=request.user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Webinar dijadwalkan dan diumumkan."))
            return redirect("training:webinar_detail", pk=webinar.pk)
    return render(
        request, "training/webinar_form.html", {"active_module": "training", "form": form}
    )


@role_required(Role.CENTRAL_ADMIN)
def webinar_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    webinar = get_object_or_404(Webinar, pk=pk)
    form = RecordingForm(request.POST or None, initial={"recording_url": webinar.recording_url})
    if request.method == "POST" and form.is_valid():
        attended = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
        webinars.webinar_record(
            user=request.user,
            webinar=webinar,
            recording_url=form.cleaned_data["recording_url"],
            attended_ids=attended,
        )
        messages.success(request, _("Rekaman dan kehadiran disimpan."))
        return redirect("training:webinar_detail", pk=webinar.pk)
    registrations = webinar.registrations.select_related("region").order_by(
        "status", "registered_at", "pk"
    )
    return render(
        request,
        "training/webinar_detail.html",
        {
            "active_module": "training",
            "webinar": webinar,
            "registrations": registrations,
            "form": form,
        },
    )


def webinar_public(request: HttpRequest) -> HttpResponse:
    upcoming = Webinar.objects.exclude(status=WebinarStatus.CANCELLED).filter(
        ends_at__gte=timezone.now()
    )
    past = Webinar.objects.filter(ends_at__lt=timezone.now()).exclude(recording_url="")
    return render(request, "training/webinar_public.html", {"upcoming": upcoming, "past": past})


def webinar_register(request: HttpRequest, pk: int) -> HttpResponse:
    webinar = get_object_or_404(Webinar, pk=pk)
    form = WebinarRegistrationForm(request.POST or None, regions=regions_with_package())
    if request.method == "POST" and form.is_valid():
        try:
            registration = webinars.webinar_register(webinar=webinar, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(request, _("Kuota penuh: Anda masuk daftar tunggu."))
            else:
                messages.success(
                    request, _("Pendaftaran diterima; konfirmasi dikirim ke e-mail Anda.")
                )
            return redirect("training:webinar_registration", token=registration.token)
    open_ = (
        webinar.status != WebinarStatus.CANCELLED
        and timezone.now() <= webinar.registration_deadline
    )
    return render(
        request,
        "training/webinar_register.html",
        {"webinar": webinar, "form": form, "open": open_},
    )


def webinar_registration(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(
        WebinarRegistration.objects.select_related("webinar"), token=token
    )
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        webinars.registration_cancel(registration=registration)
        messages.success(request, _("Pendaftaran Anda dibatalkan."))
        return redirect("training:webinar_registration", token=token)
    return render(request, "training/webinar_registration.html", {"registration": registration})


# --- Mentoring ----------------------------------------------------------------------------

MENTORING_ROLES = (Role.CENTRAL_ADMIN, Role.TRAINER, Role.REGIONAL_ADMIN)


@role_required(*MENTORING_ROLES)
def mentoring_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    requests = scoped(MentoringRequest.objects.select_related("region"), user)
    may_request = user.role == Role.REGIONAL_ADMIN
    has_package = may_request and region_has_package(user.region)
    form = MentoringRequestForm(request.POST or None)
    if request.method == "POST":
        if not may_request:
            return redirect("training:mentoring")
        if form.is_valid():
            try:
                created = mentoring.mentoring_request_create(user=user, **form.cleaned_data)
            except UserError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Permintaan pendampingan dikirim ke tim pusat."))
                return redirect("training:mentoring_detail", pk=created.pk)
    return render(
        request,
        "training/mentoring.html",
        {
            "active_module": "training",
            "requests": requests,
            "form": form,
            "may_request": may_request,
            "has_package": has_package,
            "no_package": mentoring.no_package_message(),
        },
    )


@role_required(*MENTORING_ROLES)
def mentoring_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_for_user(
        MentoringRequest.objects.select_related("region", "requested_by"), request.user, pk=pk
    )
    return render(
        request,
        "training/mentoring_detail.html",
        {
            "active_module": "training",
            "item": item,
            "sessions": item.sessions.all(),
            "decision_form": MentoringDecisionForm(
                initial={"agreed_start": item.proposed_start, "days": item.days}
            ),
            "session_form": MentoringSessionForm(),
        },
    )


@role_required(Role.CENTRAL_ADMIN)
@require_POST
def mentoring_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_for_user(MentoringRequest, request.user, pk=pk)
    form = MentoringDecisionForm(request.POST)
    if form.is_valid():
        try:
            mentoring.mentoring_decide(
                user=request.user,
                request=item,
                agree=request.POST.get("agree") == "1",
                **form.cleaned_data,
            )
        except UserError as exc:
            messages.error(request, str(exc))
    return redirect("training:mentoring_detail", pk=item.pk)


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
@require_POST
def mentoring_checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_for_user(MentoringRequest, request.user, pk=pk)
    done = [int(v) for v in request.POST.getlist("done") if v.isdigit()]
    mentoring.mentoring_checklist_update(user=request.user, request=item, done=done)
    messages.success(request, _("Daftar periksa data disimpan."))
    return redirect("training:mentoring_detail", pk=item.pk)


@role_required(Role.CENTRAL_ADMIN, Role.TRAINER)
@require_POST
def mentoring_session(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_for_user(MentoringRequest, request.user, pk=pk)
    form = MentoringSessionForm(request.POST)
    if form.is_valid():
        try:
            mentoring.mentoring_session_record(user=request.user, request=item, **form.cleaned_data)
        except UserError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Isi tanggal, topik dan hasil sesi."))
    return redirect("training:mentoring_detail", pk=item.pk)
