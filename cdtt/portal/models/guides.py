"""Step-by-step guides for residents, written and edited by administrators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Guide(models.Model):
    slug = models.SlugField(_("address in the site"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class GuideStep(models.Model):
    """One step: a short title, plain text (line breaks kept), an optional picture."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=200)
    text = models.TextField(_("what to do"), blank=True)
    image = models.ImageField(
        _("picture"),
        upload_to="portal/guides/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["guide", "position", "id"]

    def __str__(self) -> str:
        return self.title
