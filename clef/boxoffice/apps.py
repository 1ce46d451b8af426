from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoxofficeConfig(AppConfig):
    name = "clef.boxoffice"
    verbose_name = _("Box office")
