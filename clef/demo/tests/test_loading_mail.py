"""Loading the demo sends no email, even once its transactions are committed (a module
of its own: it needs real commits, which the other modules' shared demo cannot give)."""

import io

import pytest
import time_machine
from django.core.management import call_command

from clef.demo.tests.conftest import NOW
from clef.tickets.models import Booking


@pytest.mark.django_db(transaction=True)
def test_the_demo_sends_no_email(mailoutbox):
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=io.StringIO())
    assert Booking.objects.count() > 30
    assert mailoutbox == []
