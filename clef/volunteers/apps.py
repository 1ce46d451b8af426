from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "clef.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from clef.volunteers import staffing  # noqa: F401 (shifts follow the programme)
