"""Pages of the central team, trainers and regional admins about trainings (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sepakat.core.access import get_for_user, role_required
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.training import assessments, documents, selectors, services
from sepakat.training.forms import (
    ImportForm,
    ParticipantForm,
    ReasonForm,
    SessionForm,
    TestWindowForm,
    TrainerForm,
    TrainingEditForm,
    TrainingForm,
)
from sepakat.training.importing import MAX_IMPORT_BYTES, FileRejected, read_participants
from sepakat.training.models import (
    MAX_PARTICIPANTS,
    Certificate,
    Training,
    TrainingModel,
)
from sepakat.training.rules import team_problems
from sepakat.training.services import ParticipantData

MANAGE = (Role.CENTRAL_ADMIN,)
RUN = (Role.CENTRAL_ADMIN, Role.TRAINER)
VIEW = (Role.CENTRAL_ADMIN, Role.TRAINER, Role.REGIONAL_ADMIN)
REGISTER = VIEW
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _training(request: AuthedRequest, pk: int) -> Training:
    return get_for_user(Training.objects.select_related("region"), request.user, pk=pk)


def _ctx(training: Training, tab: str, **extra: Any) -> dict[str, Any]:
    return {"active_module": "training", "training": training, "tab": tab, **extra}


def base_url(request: AuthedRequest) -> str:
    return request.build_absolute_uri("/")


def _download(
    content: bytes, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@role_required(*VIEW)
def index(request: AuthedRequest) -> HttpResponse:
    trainings = selectors.trainings_for(request.user).order_by("-start_date", "pk")
    return render(
        request, "training/index.html", {"active_module": "training", "trainings": trainings}
    )


@role_required(*MANAGE)
def training_new(request: AuthedRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None, initial={"model": TrainingModel.MODEL_I})
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Pelatihan dibuat dengan agenda standar; data daerah wajib diterima paling "
                    "lambat %(date)s."
                )
                % {"date": training.data_due_date.strftime("%d-%m-%Y")},
            )
            return redirect("training:detail", pk=training.pk)
    return render(request, "training/form.html", {"active_module": "training", "form": form})


@role_required(*VIEW)
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    table = selectors.attendance_table(training)
    trainers = list(training.trainers.all())
    return render(
        request,
        "training/detail.html",
        _ctx(
            training,
            "overview",
            trainers=trainers,
            team_problems=team_problems(trainers),
            trainer_form=TrainerForm(),
            readiness=selectors.readiness_checklist(training),
            due_date=training.data_due_date,
            composition=selectors.composition(training),
            flagged=table.flagged,
            max_participants=MAX_PARTICIPANTS,
        ),
    )


@role_required(*MANAGE)
def training_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    initial = {
        f: getattr(training, f)
        for f in ("title", "start_date", "venue", "funding", "status", "rctl_person", "rctl_plan")
    }
    form = TrainingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(user=request.user, training=training, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pelatihan diperbarui."))
            return redirect("training:detail", pk=training.pk)
    return render(request, "training/form.html", _ctx(training, "overview", form=form))


@role_required(*MANAGE)
@require_POST
def trainer_add(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    form = TrainerForm(request.POST)
    if form.is_valid():
        try:
            services.trainer_add(user=request.user, training=training, **form.cleaned_data)
        except UserError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Nama pelatih wajib diisi."))
    return redirect("training:detail", pk=training.pk)


@role_required(*MANAGE)
@require_POST
def trainer_remove(request: AuthedRequest, pk: int, trainer_pk: int) -> HttpResponse:
    training = _training(request, pk)
    trainer = get_object_or_404(training.trainers, pk=trainer_pk)
    services.trainer_remove(user=request.user, trainer=trainer)
    return redirect("training:detail", pk=training.pk)


# --- Agenda -------------------------------------------------------------------------------


@role_required(*VIEW)
def agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    sessions = list(training.sessions.order_by("starts_at"))
    return render(
        request,
        "training/agenda.html",
        _ctx(training, "agenda", days=documents._days(sessions), form=SessionForm()),
    )


@role_required(*MANAGE)
def session_edit(request: AuthedRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    training = _training(request, pk)
    session = get_object_or_404(training.sessions, pk=session_pk) if session_pk else None
    initial = {}
    if session is not None:
        initial = {
            "day": session.day,
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
            "title": session.title,
            "topic": session.topic,
            "counts_for_attendance": session.counts_for_attendance,
        }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                user=request.user, training=training, session=session, **form.cleaned_data
            )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Agenda diperbarui."))
            return redirect("training:agenda", pk=training.pk)
    return render(
        request, "training/session_form.html", _ctx(training, "agenda", form=form, session=session)
    )


@role_required(*MANAGE)
@require_POST
def session_delete(request: AuthedRequest, pk: int, session_pk: int) -> HttpResponse:
    training = _training(request, pk)
    session = get_object_or_404(training.sessions, pk=session_pk)
    try:
        services.session_delete(user=request.user, session=session)
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("training:agenda", pk=training.pk)


@role_required(*VIEW)
def agenda_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    return _download(documents.agenda_pdf(training), "application/pdf", f"agenda-{pk}.pdf", True)


@role_required(*VIEW)
def kak_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    return _download(documents.kak_pdf(training), "application/pdf", f"kak-pelatihan-{pk}.pdf")


@role_required(*VIEW)
def rab_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    return _download(documents.rab_xlsx(training), XLSX, f"rab-pelatihan-{pk}.xlsx")


# --- Participants -------------------------------------------------------------------------


def _session_key(training: Training) -> str:
    return f"training-import-{training.pk}"


@role_required(*REGISTER)
def participants(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(
                user=request.user, training=training, data=ParticipantData(**form.cleaned_data)
            )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Peserta ditambahkan."))
            return redirect("training:participants", pk=training.pk)
    people = list(selectors.participants_of(training))
    return render(
        request,
        "training/participants.html",
        _ctx(
            training,
            "participants",
            participants=people,
            form=form,
            import_form=ImportForm(),
            composition=selectors.composition(training),
            max_participants=MAX_PARTICIPANTS,
            full=len(people) >= MAX_PARTICIPANTS,
        ),
    )


@role_required(*REGISTER)
def participant_template(request: AuthedRequest, pk: int) -> HttpResponse:
    _training(request, pk)
    return _download(documents.participant_template_xlsx(), XLSX, "templat-peserta.xlsx")


@role_required(*REGISTER)
def participants_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload -> preview. The preview is kept in the session until confirmed."""
    training = _training(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = _ctx(training, "participants", import_form=form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Read one byte past the limit only: the reader refuses a longer file unread.
            result = read_participants(upload.read(MAX_IMPORT_BYTES + 1), name=upload.name)
        except FileRejected as exc:
            form.add_error("file", str(exc))
        else:
            free = max(MAX_PARTICIPANTS - training.participants.count(), 0)
            accepted, refused = result.rows[:free], result.rows[free:]
            if not result.errors:
                request.session[_session_key(training)] = {
                    "name": upload.name,
                    "rows": [(n, vars(d)) for n, d in accepted],
                    "refused": [(n, vars(d)) for n, d in refused],
                }
            context.update(
                file_name=upload.name,
                errors=result.errors,
                accepted=accepted,
                refused=refused,
                free=free,
                max_participants=MAX_PARTICIPANTS,
            )
    return render(request, "training/import_preview.html", context)


@role_required(*REGISTER)
@require_POST
def participants_import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    staged = request.session.pop(_session_key(training), None)
    if not staged:
        messages.error(
            request, _("Tidak ada impor yang menunggu konfirmasi; unggah berkasnya lagi.")
        )
        return redirect("training:participants", pk=training.pk)
    rows = [(n, ParticipantData(**d)) for n, d in staged["rows"] + staged["refused"]]
    try:
        outcome = services.participants_import(user=request.user, training=training, rows=rows)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("training:participants", pk=training.pk)
    messages.success(request, _("%(n)d peserta didaftarkan.") % {"n": len(outcome.added)})
    if outcome.refused_rows:
        messages.warning(
            request,
            _("Baris %(rows)s ditolak: pelatihan sudah mencapai batas %(max)d peserta.")
            % {"rows": ", ".join(map(str, outcome.refused_rows)), "max": MAX_PARTICIPANTS},
        )
    return redirect("training:participants", pk=training.pk)


@role_required(*REGISTER)
@require_POST
def participant_remove(request: AuthedRequest, pk: int, participant_pk: int) -> HttpResponse:
    training = _training(request, pk)
    participant = get_object_or_404(training.participants, pk=participant_pk)
    try:
        services.participant_remove(user=request.user, participant=participant)
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("training:participants", pk=training.pk)


@role_required(*RUN)
@require_POST
def participants_send_links(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    n = services.participants_send_links(
        user=request.user, training=training, base_url=base_url(request)
    )
    messages.success(request, _("Tautan pribadi dikirim ke %(n)d peserta.") % {"n": n})
    return redirect("training:participants", pk=training.pk)


# --- Tests --------------------------------------------------------------------------------


@role_required(*RUN)
def tests(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    local = timezone.localtime
    initial = {
        "pre_opens": training.pre_test_opens_at and local(training.pre_test_opens_at),
        "pre_closes": training.pre_test_closes_at and local(training.pre_test_closes_at),
        "post_opens": training.post_test_opens_at and local(training.post_test_opens_at),
        "post_closes": training.post_test_closes_at and local(training.post_test_closes_at),
    }
    form = TestWindowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.set_test_windows(user=request.user, training=training, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Jadwal tes disimpan."))
            return redirect("training:tests", pk=training.pk)
    return render(
        request,
        "training/tests.html",
        _ctx(
            training,
            "tests",
            form=form,
            report=selectors.gain_report(training),
            n_questions=len(selectors.test_questions()),
        ),
    )


@role_required(*VIEW)
def report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    return _download(
        documents.report_pdf(training), "application/pdf", f"laporan-pelatihan-{pk}.pdf", True
    )


# --- Certificates -------------------------------------------------------------------------


@role_required(*RUN)
def certificates(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    table = selectors.attendance_table(training)
    issued = list(
        Certificate.objects.filter(participant__training=training).select_related(
            "participant__person"
        )
    )
    return render(
        request,
        "training/certificates.html",
        _ctx(
            training,
            "certificates",
            table=table,
            certificates=issued,
            eligible=[r for r in table.rows if r.eligible and not r.has_certificate],
            revoke_form=ReasonForm(),
        ),
    )


@role_required(*RUN)
@require_POST
def certificates_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    try:
        issued = services.certificates_issue(user=request.user, training=training)
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d sertifikat diterbitkan.") % {"n": len(issued)})
    return redirect("training:certificates", pk=training.pk)


@role_required(*RUN)
@require_POST
def certificates_email(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    n = services.certificates_email(
        user=request.user, training=training, base_url=base_url(request)
    )
    messages.success(request, _("Sertifikat dikirim ke %(n)d peserta.") % {"n": n})
    return redirect("training:certificates", pk=training.pk)


@role_required(*RUN)
def certificates_zip(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    content = documents.certificates_zip(training, base_url=base_url(request))
    return _download(content, "application/zip", f"sertifikat-pelatihan-{pk}.zip")


@role_required(*RUN)
def certificate_pdf(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    training = _training(request, pk)
    certificate = get_object_or_404(
        Certificate.objects.select_related("participant__person", "participant__training__region"),
        participant__training=training,
        code=code,
    )
    content = documents.certificate_pdf(certificate, base_url=base_url(request))
    return _download(content, "application/pdf", f"sertifikat-{code}.pdf", True)


@role_required(*MANAGE)
@require_POST
def certificate_revoke(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    training = _training(request, pk)
    certificate = get_object_or_404(
        Certificate.objects.filter(participant__training=training), code=code
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pencabutan sertifikat."))
    else:
        try:
            services.certificate_revoke(
                user=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except UserError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Sertifikat %(code)s dicabut.") % {"code": code})
    return redirect("training:certificates", pk=training.pk)


# --- Survey -------------------------------------------------------------------------------


@role_required(*RUN)
def survey(request: AuthedRequest, pk: int) -> HttpResponse:
    training = _training(request, pk)
    if request.method == "POST":
        assessments.survey_set_open(
            user=request.user, training=training, is_open=request.POST.get("open") == "1"
        )
        return redirect("training:survey", pk=training.pk)
    return render(
        request,
        "training/survey.html",
        _ctx(training, "survey", report=selectors.survey_report(training.survey_responses.all())),
    )


@role_required(*RUN)
def survey_overview(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "training/survey_overview.html",
        {"active_module": "training", "rows": selectors.survey_by_training(request.user)},
    )
