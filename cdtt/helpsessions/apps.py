from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpSessionsConfig(AppConfig):
    """Help sessions (buổi hướng dẫn tập trung, "Ngày Chủ nhật số")."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cdtt.helpsessions"
    verbose_name = _("Help sessions")

    def ready(self) -> None:
        from cdtt.activities import keepers

        from . import tasks  # noqa: F401 - registers the reminders' periodic task
        from .actions.results import kept_shares
        from .models import Session, SessionResult, SessionShare

        # members' shares are changed with the session's results
        keepers.register(
            kept_shares, reads=[m._meta.db_table for m in (SessionShare, SessionResult, Session)]
        )
