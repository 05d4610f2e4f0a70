"""The life of a document a region drafts and its admin approves (a priority set, a plan
version): drafted by planners, submitted, returned with a reason or approved and locked."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("draf")
    SUBMITTED = "submitted", _("diajukan")
    RETURNED = "returned", _("dikembalikan")
    APPROVED = "approved", _("disetujui")


# A version in these states can still be changed in place; the others are a record.
EDITABLE_STATUSES = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)
