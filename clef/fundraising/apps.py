from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundraisingConfig(AppConfig):
    name = "clef.fundraising"
    label = "fundraising"
    verbose_name = _("Fundraising")

    def ready(self):
        from clef.fundraising import gifts

        gifts.register()
