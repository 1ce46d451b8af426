"""API tokens in the back office: made there, shown once, never edited."""

import hashlib

from django.contrib.messages import get_messages

from clef.api.models import ApiToken


def test_an_administrator_makes_a_token_and_sees_it_once(admin_client, paid_member):
    response = admin_client.post(
        "/gestion/api/apitoken/add/", {"user": paid_member.pk, "name": "till"}, follow=True
    )

    api_token = ApiToken.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    token = next(m for m in shown if "clef_" in m).rsplit(" ", 1)[-1]
    assert (api_token.user, api_token.name) == (paid_member, "till")
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (
        token.encode()
        not in admin_client.get(f"/gestion/api/apitoken/{api_token.pk}/change/").content
    )
