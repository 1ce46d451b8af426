from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "clef.tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from clef.payments.services import register_handlers
        from clef.tickets import booking

        register_handlers("booking", paid=booking.booking_paid, failed=booking.booking_failed)
