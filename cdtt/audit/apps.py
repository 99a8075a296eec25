from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cdtt.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Every write to our tables is seen, whoever makes it: it renews the stamps of the
        # pages' kept parts (cdtt.parts). Installed here, the lowest app, in every process.
        from cdtt import parts

        parts.install()
