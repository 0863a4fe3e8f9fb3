from django.apps import AppConfig


class MeldcodeConfig(AppConfig):
    name = "meldcode"
    verbose_name = "Meldcode huiselijk geweld en kindermishandeling"
