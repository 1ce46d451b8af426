from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoxofficeConfig(AppConfig):
    name = "clef.boxoffice"
    verbose_name = _("Box office")

    def ready(self):
        from clef.boxoffice import online
        from clef.payments.services import register_money_listener

        # Online payments and refunds are written to the journal with the payment.
        register_money_listener(online.journal_payment)
