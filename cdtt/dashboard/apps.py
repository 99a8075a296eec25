from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "cdtt.dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from cdtt.activities.signals import activity_changed

        from . import facts

        def keep_facts(sender, before, after, **kwargs):
            facts.activity_changed(before, after)

        activity_changed.connect(keep_facts, dispatch_uid="dashboard.keep_facts", weak=False)
