"""Which models leave an audit record on every change (django-auditlog).

auditlog stores who (the request's user, through its middleware), when, what and the
before/after values of each changed field. Services that write in bulk call
:func:`record_bulk_change` instead, since bulk queries bypass model signals.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

AUDITED_MODELS = (
    "accounts.User",
    "regions.Region",
    "regions.RegionBoundary",
    "regions.CodeCrosswalk",
    "datahub.Indicator",
    "datahub.Observation",
    "datahub.MicrodataFile",
    "budgeting.ApbdLine",
    "otp_totp.TOTPDevice",
    "accounts.Invitation",
    "access.AccessRequest",
    "access.RegionAccess",
    "access.Extension",
    "access.Consultation",
    "access.WorksheetTemplate",
    "access.Worksheet",
    "access.WorksheetAnswer",
    "training.Training",
    "training.TrainingTrainer",
    "training.Session",
    "training.Person",
    "training.Participant",
    "training.Attendance",
    "training.Certificate",
    "training.Webinar",
    "training.WebinarRegistration",
    "training.MentoringRequest",
    "training.MentoringSession",
    "library.Resource",
    "monitoring.QuarterReport",
)

_EXCLUDED_FIELDS = {
    "accounts.User": ["password", "last_login"],
    "otp_totp.TOTPDevice": [
        "key",
        "last_t",
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "drift",
    ],
    "regions.RegionBoundary": ["geometry", "updated_at"],
    "accounts.Invitation": ["token_hash"],
    "access.AccessRequest": ["token"],
    "training.Participant": ["token"],
    "training.Session": ["token"],
    "training.WebinarRegistration": ["token"],
}


def register_models() -> None:
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=_EXCLUDED_FIELDS.get(label, []))


def record_bulk_change(
    *, actor: Any, model: type, summary: dict[str, Any], object_repr: str
) -> LogEntry:
    """One audit row for a bulk write (an import), with counts and the changed keys."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=object_repr[:200],
        action=LogEntry.Action.UPDATE,
        changes=summary,
        actor=actor if getattr(actor, "pk", None) else None,
    )
