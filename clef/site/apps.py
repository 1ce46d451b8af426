from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "clef.site"
    label = "site"
    verbose_name = _("Public site")

    def ready(self):
        # Registers the deploy checks (`clef check --deploy`).
        from clef.lib import security  # noqa: F401
