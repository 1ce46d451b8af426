from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammingConfig(AppConfig):
    name = "clef.programming"
    label = "programming"
    verbose_name = _("Collective programming")
