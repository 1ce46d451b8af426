"""The action log names people by id and never stores an email address, so erasing a
person leaves nothing personal in it."""

import json

import pytest
from django.contrib.auth import get_user_model

from clef.accounts.services import erase_person, sign_up
from clef.api.services import issue_token
from clef.audit.models import Action
from clef.lib.actions import EMAIL_MASK, log_action, stored_data
from clef.tickets import waitinglist

pytestmark = pytest.mark.django_db


def test_erasing_a_person_leaves_their_id_and_no_address_in_the_actions(venue, on_sale):
    lou = sign_up(
        first_name="Lou",
        last_name="Durand",
        email="lou.durand@example.org",
        language="fr",
    )
    # The token's action names its account by username, which is the address.
    _token, api_token = issue_token(lou, "phone", by=lou)
    entry, _joined = waitinglist.join(on_sale, email="Lou.Durand@example.org", user=lou)
    log_action("tickets.waiting_list.left", by=lou, email="lou.durand@example.org", entry=1)
    pk = lou.pk

    erase_person(lou)

    assert not get_user_model().objects.filter(pk=pk).exists()
    stored = json.dumps(list(Action.objects.values("name", "subject_key", "data")))
    assert "@" not in stored
    assert "durand" not in stored.lower()
    assert list(Action.objects.filter(by_id=pk).order_by("pk").values_list("name", "data")) == [
        ("api.token.issued", {"user": EMAIL_MASK, "token": api_token.pk}),
        ("tickets.waiting_list.joined", {"screening": on_sale.pk, "entry": entry.pk}),
        ("tickets.waiting_list.left", {"entry": 1}),
    ]
    erased = Action.objects.get(name="accounts.person.erased")
    assert (erased.by_id, erased.data["user"]) == (None, pk)


def test_stored_details_drop_address_fields_and_mask_addresses_in_values():
    assert stored_data(
        {
            "email": "a@example.org",
            "guardian_email": "b@example.org",
            "address": "34 rue Daubenton",
            "to": ["c@example.org", "programmation"],
            "note": "sent to Lou <lou@example.org> and d.e+f@mail.example.fr.",
            "holder": {"name": "Survivance", "Email": "e@example.org"},
            "user": 12,
        }
    ) == {
        "to": [EMAIL_MASK, "programmation"],
        "note": f"sent to Lou <{EMAIL_MASK}> and {EMAIL_MASK}.",
        "holder": {"name": "Survivance"},
        "user": 12,
    }
