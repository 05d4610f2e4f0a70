"""Writes of the analysis worksheet: templates by the central team, a region's answers,
submission and review (return with a comment, or accept).

An accepted worksheet is what earns a trial region its extension.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.access import mail
from sepakat.access.models import (
    EmbedKind,
    Worksheet,
    WorksheetAnswer,
    WorksheetQuestion,
    WorksheetSection,
    WorksheetStatus,
    WorksheetTemplate,
)
from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub.models import Indicator

AUTHOR_ROLES = frozenset({Role.CENTRAL_ADMIN})
FILLER_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.PLANNER})
REVIEWER_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.TRAINER})

# The worksheet of the usage policy, offered as the starting text of a new template.
DEFAULT_STRUCTURE = """# Masalah kemiskinan
Apa lima masalah kemiskinan paling mendesak di daerah Anda, dan apa buktinya (indikator, nilai, perbandingan dengan provinsi dan nasional)?
# Determinan
Apa determinan (penyebab) dari setiap masalah prioritas itu?
# Lokasi prioritas
Di kecamatan dan desa mana masalah itu paling berat, dan mengapa lokasi itu dipilih?
# Program
Program dan kegiatan apa yang menangani masalah itu, oleh perangkat daerah mana?
# Anggaran
Apa kata APBD: berapa anggaran yang menangani masalah prioritas, dan apakah sudah tepat sasaran?
# Perubahan kemiskinan
Bagaimana kemiskinan berubah beberapa tahun terakhir, dan mengapa?
"""


def parse_structure(text: str) -> list[tuple[str, list[str]]]:
    """Sections (lines starting with ``#``) and their questions (the lines below them)."""
    sections: list[tuple[str, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                raise ValidationError(
                    {"structure": _("Baris %(n)d: judul bagian kosong.") % {"n": number}}
                )
            sections.append((title, []))
        elif not sections:
            raise ValidationError(
                {
                    "structure": _(
                        "Baris %(n)d: pertanyaan sebelum bagian pertama. Awali setiap bagian "
                        "dengan baris '# Judul bagian'."
                    )
                    % {"n": number}
                }
            )
        else:
            sections[-1][1].append(line)
    if not sections:
        raise ValidationError(
            {"structure": _("Tuliskan setidaknya satu bagian dan pertanyaannya.")}
        )
    empty = [title for title, questions in sections if not questions]
    if empty:
        raise ValidationError(
            {
                "structure": _("Bagian tanpa pertanyaan: %(sections)s.")
                % {"sections": ", ".join(empty)}
            }
        )
    return sections


@transaction.atomic
def worksheet_template_create(
    *,
    title: str,
    structure: str,
    by: User,
    description: str = "",
    now: dt.datetime | None = None,
) -> WorksheetTemplate:
    if by.role not in AUTHOR_ROLES:
        raise UserError(_("Hanya admin pusat yang menyusun templat lembar kerja."))
    sections = parse_structure(structure)
    template = WorksheetTemplate(
        title=title.strip(),
        description=description.strip(),
        created_by=by,
        created_at=now or timezone.now(),
    )
    template.full_clean()
    template.save()
    for s_order, (section_title, questions) in enumerate(sections, start=1):
        section = WorksheetSection(template=template, order=s_order, title=section_title[:200])
        section.full_clean()
        section.save()
        WorksheetQuestion.objects.bulk_create(
            WorksheetQuestion(section=section, order=q_order, text=text)
            for q_order, text in enumerate(questions, start=1)
        )
    return template


def _may_fill(user: User, worksheet: Worksheet) -> bool:
    return user.role in FILLER_ROLES and user.region_id == worksheet.region_id


@transaction.atomic
def worksheet_start(
    *, template: WorksheetTemplate, by: User, now: dt.datetime | None = None
) -> Worksheet:
    """The region's open worksheet of ``template``, or a new draft."""
    if by.role not in FILLER_ROLES or by.region is None:
        raise UserError(_("Lembar kerja diisi oleh admin daerah atau perencana."))
    if not template.is_active:
        raise UserError(_("Templat ini tidak dipakai lagi."))
    existing = (
        Worksheet.objects.filter(template=template, region=by.region)
        .exclude(status=WorksheetStatus.ACCEPTED)
        .first()
    )
    if existing is not None:
        return existing
    now = now or timezone.now()
    worksheet = Worksheet(
        template=template,
        region=by.region,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    worksheet.full_clean()
    worksheet.save()
    return worksheet


@dataclass(frozen=True)
class AnswerInput:
    text: str
    indicator: Indicator | None = None
    embed: str = ""


def _locked(worksheet: Worksheet) -> Worksheet:
    return (
        Worksheet.objects.select_for_update(of=("self",))
        .select_related("template", "region")
        .get(pk=worksheet.pk)
    )


@transaction.atomic
def worksheet_save(
    *,
    worksheet: Worksheet,
    by: User,
    answers: dict[int, AnswerInput],
    now: dt.datetime | None = None,
) -> Worksheet:
    """Save answers as a draft; ``answers`` is keyed by question id."""
    worksheet = _locked(worksheet)
    if not _may_fill(by, worksheet):
        raise UserError(_("Anda tidak dapat mengisi lembar kerja ini."))
    if not worksheet.is_editable:
        raise UserError(
            _("Lembar kerja yang %(status)s tidak dapat diubah.")
            % {"status": worksheet.get_status_display()}
        )
    questions = set(
        WorksheetQuestion.objects.filter(section__template=worksheet.template).values_list(
            "pk", flat=True
        )
    )
    unknown = set(answers) - questions
    if unknown:
        raise UserError(_("Jawaban untuk pertanyaan yang tidak ada di templat ini."))
    existing = {a.question_id: a for a in worksheet.answers.all()}
    for question_id, given in answers.items():
        answer = existing.get(question_id) or WorksheetAnswer(
            worksheet=worksheet, question_id=question_id
        )
        answer.text = given.text.strip()
        answer.indicator = given.indicator
        answer.embed = (given.embed or EmbedKind.TABLE) if given.indicator is not None else ""
        answer.full_clean()
        answer.save()
    worksheet.updated_at = now or timezone.now()
    worksheet.save(update_fields=["updated_at"])
    return worksheet


@transaction.atomic
def worksheet_submit(
    *, worksheet: Worksheet, by: User, now: dt.datetime | None = None
) -> Worksheet:
    worksheet = _locked(worksheet)
    if not _may_fill(by, worksheet):
        raise UserError(_("Anda tidak dapat mengajukan lembar kerja ini."))
    if not worksheet.is_editable:
        raise UserError(_("Lembar kerja ini sudah diajukan."))
    answered = set(worksheet.answers.exclude(text="").values_list("question_id", flat=True))
    missing = list(
        WorksheetQuestion.objects.filter(section__template=worksheet.template)
        .exclude(pk__in=answered)
        .select_related("section")
        .order_by("section__order", "order")
    )
    if missing:
        raise UserError(
            _('Masih ada %(n)d pertanyaan yang belum dijawab, misalnya di bagian "%(section)s".')
            % {"n": len(missing), "section": missing[0].section.title}
        )
    now = now or timezone.now()
    worksheet.status = WorksheetStatus.SUBMITTED
    worksheet.submitted_at = now
    worksheet.updated_at = now
    worksheet.full_clean()
    worksheet.save()
    transaction.on_commit(lambda: mail.worksheet_submitted(worksheet.pk))
    return worksheet


@transaction.atomic
def worksheet_review(
    *,
    worksheet: Worksheet,
    by: User,
    accept: bool,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Worksheet:
    """Accept, or return with a comment that says what to improve."""
    worksheet = _locked(worksheet)
    if by.role not in REVIEWER_ROLES:
        raise UserError(_("Hanya tim pusat yang menelaah lembar kerja."))
    if worksheet.status != WorksheetStatus.SUBMITTED:
        raise UserError(_("Hanya lembar kerja yang diajukan yang dapat ditelaah."))
    if not accept and not comment.strip():
        raise ValidationError(
            {"comment": _("Tuliskan komentar agar daerah tahu apa yang perlu diperbaiki.")}
        )
    now = now or timezone.now()
    worksheet.status = WorksheetStatus.ACCEPTED if accept else WorksheetStatus.RETURNED
    worksheet.review_comment = comment.strip()
    worksheet.reviewed_by = by
    worksheet.reviewed_at = now
    worksheet.updated_at = now
    worksheet.full_clean()
    worksheet.save()
    transaction.on_commit(lambda: mail.worksheet_reviewed(worksheet.pk))
    return worksheet
