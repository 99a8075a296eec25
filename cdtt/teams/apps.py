from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "cdtt.teams"
    label = "teams"
    verbose_name = _("Teams and members")

    def ready(self) -> None:
        from cdtt.orgunits.signals import village_created

        from .actions import ensure_team

        def team_for_new_village(sender, village, **kwargs):
            ensure_team(village)  # every village has its team from the start

        village_created.connect(
            team_for_new_village, dispatch_uid="teams.team_for_new_village", weak=False
        )
