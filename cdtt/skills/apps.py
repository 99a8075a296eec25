from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cdtt.skills"
    verbose_name = _("Skills and training")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  # its receiver keeps the cached task list current
