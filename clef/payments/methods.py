"""The ways to pay, as a plain registry: a method is a small class, ``METHODS`` maps its
code to it. A real online provider plugs in by adding a class here (``start`` sends the
person to the provider, the provider's return or webhook calls
``payments.services.mark_paid``) and naming it in ``CLEF_ONLINE_PAYMENT``."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PaymentMethod:
    code = ""
    label = ""
    # True when the person pays now, through a provider's pages.
    online = False

    def start(self, payment):
        """Where to send the person to pay, or None when there is nothing to do now."""
        return None

    def refund(self, payment, refund):
        """Give ``-refund.amount`` back through the provider; nothing for cash."""


class AtTheDoor(PaymentMethod):
    code = "door"
    label = _("At the door")


class Free(PaymentMethod):
    code = "free"
    label = _("Nothing to pay")


class Cash(PaymentMethod):
    """Cash taken at the till (the till's sale records the change given)."""

    code = "cash"
    label = _("Cash")


class Card(PaymentMethod):
    """A card payment on the venue's own terminal: clef records the amount only."""

    code = "card"
    label = _("Card")


class TestProvider(PaymentMethod):
    """A stand-in for a card provider, for the demo and the tests: its page lets the
    person accept or refuse the payment. Off unless ``CLEF_ONLINE_PAYMENT=test`` (`make
    demo` and the tests set it); `clef check --deploy` fails while it is on with DEBUG
    off. Never enable it for real money."""

    code = "test"
    label = _("Online (test provider)")
    online = True

    def start(self, payment):
        return reverse("payments:test_provider", args=[payment.code])


METHODS = {method.code: method for method in (AtTheDoor(), Cash(), Card(), Free(), TestProvider())}


def get_method(code):
    return METHODS[code]


def online_method():
    """The online method offered to members, or None (``CLEF_ONLINE_PAYMENT``, empty by
    default: paying at the door only)."""
    method = METHODS.get(settings.CLEF_ONLINE_PAYMENT)
    return method if method is not None and method.online else None


def is_offered(method):
    """Whether an online method (its code) is the one offered now: the stand-in's page
    takes nothing once it is turned off."""
    offered = online_method()
    return offered is not None and offered.code == method
