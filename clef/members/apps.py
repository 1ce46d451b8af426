from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "clef.members"
    verbose_name = _("Members")

    def ready(self):
        from clef.members import services
        from clef.payments.services import register_handlers

        register_handlers(
            "membership", paid=services.membership_paid, failed=services.membership_failed
        )
