from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammingConfig(AppConfig):
    name = "clef.programming"
    label = "programming"
    verbose_name = _("Collective programming")

    def ready(self):
        from clef.programme.services import register_publication_check
        from clef.programming.checklists import publication_check

        register_publication_check(publication_check)
