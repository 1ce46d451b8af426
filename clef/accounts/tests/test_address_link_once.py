"""A link that moves an account to a new address works once: moving there and back
again does not bring an old link back to life (whoever reads the address left could
otherwise move the account there again, signed in, everyone else signed out)."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from clef.accounts.tests.conftest import NEW_PASSWORD, link_in

User = get_user_model()


def move(client, email, callbacks):
    """Ask to move the signed-in account to ``email``; the link emailed there."""
    mail.outbox.clear()
    with callbacks(execute=True):
        client.post("/en/compte/adresse/", {"email": email, "password": NEW_PASSWORD})
    [message] = [m for m in mail.outbox if m.to == [email]]
    return link_in(message)


def test_the_link_to_an_address_left_since_is_spent(
    client, make_account, django_capture_on_commit_callbacks
):
    lou = make_account()
    client.force_login(lou)
    to_work = move(client, "lou@work.example.org", django_capture_on_commit_callbacks)
    assert client.post(to_work).status_code == 302
    back_home = move(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    assert client.post(back_home).status_code == 302

    # The work address's mailbox, read by someone else now, opens its old link again.
    someone = Client()
    response = someone.post(to_work)

    assert response.status_code == 400
    assert "_auth_user_id" not in someone.session
    lou.refresh_from_db()
    assert (lou.username, lou.email) == ("lou.durand@example.org", "lou.durand@example.org")
    assert client.get("/en/compte/").status_code == 200  # Lou is still signed in
