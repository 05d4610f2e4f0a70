"""The resource library: manuals, presentation decks, video tutorials, booklets and brochures,
worksheets and templates, each versioned and marked public or for regions with access."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    MANUAL = "manual", _("Buku panduan")
    PRESENTATION = "presentation", _("Bahan presentasi")
    VIDEO = "video", _("Video tutorial")
    BOOKLET = "booklet", _("Buklet atau brosur")
    WORKSHEET = "worksheet", _("Lembar kerja analisis")
    TEMPLATE = "template", _("Templat")
    POLICY = "policy", _("Kebijakan dan pedoman")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Publik")
    ACCESS = "access", _("Daerah yang memiliki akses")


class Resource(models.Model):
    """One resource; a new version is a new row with the same ``slug``."""

    slug = models.SlugField(_("kode"), max_length=80)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=ResourceKind.choices)
    audience = models.CharField(
        _("untuk"), max_length=10, choices=Audience.choices, default=Audience.ACCESS
    )
    description = models.TextField(_("keterangan"), blank=True)
    file = models.FileField(_("berkas"), upload_to="library/", blank=True)
    url = models.URLField(
        _("tautan"), blank=True, help_text=_("untuk video atau berkas di server lain")
    )
    is_current = models.BooleanField(_("versi terbaru"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="resource_version_unique")
        ]
        verbose_name = _("bahan pustaka")
        verbose_name_plural = _("bahan pustaka")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
