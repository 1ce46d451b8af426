"""A person's waiting lists: on their page, each leavable; a full screening does not offer
the list again to someone already on it, and says their place in line."""

import pytest

from clef.tickets import waitinglist
from clef.tickets.booking import book
from clef.tickets.models import WaitingListEntry


@pytest.fixture
def full(on_sale, make_member):
    on_sale.online_quota = 1
    on_sale.save()
    book(on_sale, user=make_member("ana"), prices=["5"], method="door")
    return on_sale


def test_my_waiting_lists_show_each_place_in_line_and_can_be_left(client, full, paid_member):
    waitinglist.join(full, email="first@example.org")
    waitinglist.join(full, email=paid_member.email.upper(), user=None)  # typed signed out
    client.force_login(paid_member)
    page = client.get("/en/compte/attente/").content.decode()
    assert full.display_title in page
    assert "number 2 in line" in page
    [entry] = WaitingListEntry.objects.filter(email=paid_member.email.lower())
    response = client.post("/en/compte/attente/", {"entry": entry.pk}, follow=True)
    assert f"You left the waiting list of “{full.display_title}”." in response.content.decode()
    assert not WaitingListEntry.objects.filter(pk=entry.pk).exists()
    assert WaitingListEntry.objects.filter(email="first@example.org").exists()


def test_nobody_leaves_another_persons_place(client, full, paid_member, make_member):
    other, _ = waitinglist.join(full, email="bo@example.org", user=make_member("bo"))
    client.force_login(paid_member)
    for entry in (other.pk, "٣", "9" * 30, ""):
        assert client.post("/compte/attente/", {"entry": entry}).status_code == 404
    assert WaitingListEntry.objects.filter(pk=other.pk).exists()


def test_a_full_screening_tells_someone_on_the_list_their_place_instead_of_the_form(
    client, full, paid_member
):
    client.force_login(paid_member)
    before = client.get(f"/en/seance/{full.pk}/places/").content.decode()
    assert "Join the waiting list" in before
    waitinglist.join(full, email=paid_member.email, user=paid_member)
    for address in (f"/en/seance/{full.pk}/places/", f"/en/seance/{full.pk}/reserver/"):
        page = client.get(address).content.decode()
        assert "You are on the waiting list: number 1 in line." in page
        assert 'class="waitform">' in page and "<form" not in page.split("waitform")[1][:40]


def test_the_waiting_lists_ask_to_sign_in(client, venue):
    assert client.get("/compte/attente/").status_code == 302
