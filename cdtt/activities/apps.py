from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "cdtt.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from . import catalog  # noqa: F401 - connects the catalog's signal receivers
