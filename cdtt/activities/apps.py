from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "cdtt.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from cdtt.notices import listener

        from . import catalog  # connects the catalog's signal receivers

        listener.subscribe(catalog.CHANNEL, catalog.changed, catalog.changed)
