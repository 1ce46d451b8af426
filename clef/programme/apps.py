from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "clef.programme"
    verbose_name = _("Programme")

    def ready(self):
        from clef.programme import versioning

        versioning.connect()
