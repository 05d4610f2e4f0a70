"""A computation of poverty measures from a survey file, run in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sepakat.datahub.models import MicrodataFile, Submission
from sepakat.regions.models import Region


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("sedang dihitung")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")


class ComputationRun(models.Model):
    """P0, P1, P2, number of poor and Gini computed from one survey file for one year."""

    file = models.ForeignKey(MicrodataFile, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("tahun"), max_length=10)
    params = models.JSONField(_("parameter"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    results = models.JSONField(default=list, blank=True)
    # The draft the results went into: verified by the regional admin (the centre for
    # national figures) like any upload, never written straight into the verified values.
    submission = models.OneToOneField(
        Submission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="computation",
    )
    stored = models.PositiveIntegerField(default=0)
    skipped_locked = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    REGION_LOOKUP = "region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("penghitungan dari mikrodata")
        verbose_name_plural = _("penghitungan dari mikrodata")

    def __str__(self) -> str:
        return f"{self.file} {self.period} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
