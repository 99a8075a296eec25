from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cdtt.demo"
    label = "demo"
    verbose_name = "Demo data"
