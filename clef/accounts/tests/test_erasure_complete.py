"""Erasure reaches every datum of the person: workshop registrations made with their
address while signed out, the action log's details that named them, the back office's
log; a cashier who made sales erases too (the till's records kept, the name gone). The
export holds all of it first. The erase page warns of tickets to come and links to
what is kept, and why."""

import json
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from clef.accounts.erasure import ERASED_EMAIL, ERASED_TEXT, erase_person
from clef.accounts.personal_data import export_person
from clef.accounts.tests.test_erase_by_link import erase_through_link
from clef.audit.models import Action
from clef.boxoffice import sessions
from clef.boxoffice.models import Product, Sale, Till, TillSession
from clef.boxoffice.sales import Order, sell
from clef.lib.actions import log_action
from clef.programme.models import Screening
from clef.tickets.booking import book
from clef.tickets.models import Registration, WaitingListEntry
from conftest import PASSWORD

User = get_user_model()


@pytest.fixture
def workshop(make_screening, venue):
    return make_screening(
        venue.local_date(),
        "14:00",
        kind=Screening.Kind.WORKSHOP,
        title="Atelier flip-book",
        online_quota=12,
        pricing=Screening.Pricing.FREE,
    )


def registration(workshop, email, person=None, child="Nina"):
    return Registration.objects.create(
        screening=workshop,
        person=person,
        status=Registration.Status.REGISTERED,
        child_first_name=child,
        child_age=8,
        guardian_name="Mila Martin",
        guardian_phone="06 12 34 56 78",
        guardian_email=email,
    )


def test_a_registration_made_signed_out_with_the_address_is_exported_then_erased(
    paid_member, make_member, workshop
):
    signed_out = registration(workshop, "MILA@example.org")
    # Someone else's, with the same address typed while signed in: theirs, not Mila's.
    other = registration(workshop, "mila@example.org", person=make_member("nour"), child="Ali")

    exported = export_person(paid_member)["registrations"]
    assert [(r["child_first_name"], r["guardian_phone"]) for r in exported] == [
        ("Nina", "06 12 34 56 78")
    ]

    erase_person(paid_member)

    signed_out.refresh_from_db()
    assert (
        signed_out.child_first_name,
        signed_out.guardian_name,
        signed_out.guardian_phone,
        signed_out.guardian_email,
        signed_out.child_age,
    ) == (ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_EMAIL, 8)
    other.refresh_from_db()
    assert (other.child_first_name, other.guardian_email) == ("Ali", "mila@example.org")


def test_the_action_log_names_an_erased_person_by_a_number(cashier, outsider):
    cashier.first_name, cashier.last_name = "Camille", "Durand"
    cashier.save()
    log_action("boxoffice.session.closed", by=cashier, session=7, cashier="camille")
    log_action("tickets.note.written", by=outsider, note="Handed over by Camille Durand.")
    log_action("api.token.issued", by=outsider, user="camille", token=3)
    log_action("tickets.note.written", by=outsider, note="Camilleri stays.", cashier="olga")
    pk = cashier.pk

    erase_person(cashier)

    alias = f"person #{pk}"
    rows = list(Action.objects.exclude(name__startswith="accounts.").order_by("pk"))
    assert [(a.by_id, a.data) for a in rows] == [
        (pk, {"session": 7, "cashier": alias}),
        (outsider.pk, {"note": f"Handed over by {alias}."}),
        (outsider.pk, {"user": alias, "token": 3}),
        (outsider.pk, {"note": "Camilleri stays.", "cashier": "olga"}),
    ]
    erased = Action.objects.get(name="accounts.person.erased")
    assert erased.data["actions"] == 3
    stored = Action.objects.exclude(data__note="Camilleri stays.").values("data", "subject_key")
    assert "camille" not in json.dumps(list(stored)).lower()


def test_the_back_office_log_names_the_erased_account_by_a_number(make_account, treasurer):
    user = make_account()
    LogEntry.objects.log_actions(
        treasurer.pk, [user], CHANGE, change_message="[]", single_object=True
    )
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(User))
    assert entry.object_repr == "lou.durand@example.org"

    pk = erase_person(user)

    entry.refresh_from_db()
    assert entry.object_repr == f"person #{pk}"


@pytest.fixture
def cashier_with_sales(cashier, venue):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    drink = Product.objects.create(
        venue=venue, name="Limonade", price=Decimal("2.50"), vat_rate=Decimal("5.50")
    )
    session = sessions.open_session(till, cashier=cashier, opening_float="100")
    sale, _created = sell(session, Order(products={drink: 2}), method="cash", by=cashier)
    return cashier, session, sale


def test_a_cashier_who_made_sales_erases_their_account_and_the_records_stay(
    client, cashier_with_sales, django_capture_on_commit_callbacks
):
    cashier, session, sale = cashier_with_sales
    pk = cashier.pk
    data = export_person(cashier)
    assert [s["till"] for s in data["till_sessions"]] == ["Caisse du hall"]

    response = erase_through_link(client, cashier, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    kept = User.objects.get(pk=pk)
    assert (
        kept.username,
        kept.email,
        kept.first_name,
        kept.is_active,
        kept.has_usable_password(),
        kept.groups.count(),
    ) == (f"person-{pk}", "", "", False, False, 0)
    assert TillSession.objects.get(pk=session.pk).cashier_id == pk
    assert Sale.objects.get(pk=sale.pk).total == Decimal("5.00")
    assert Action.objects.get(name="accounts.person.erased").data["account_kept_for_records"]
    # Nobody signs in to what is left.
    response = client.post(
        "/en/compte/connexion/", {"email": "camille@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400


def test_the_erase_page_lists_the_tickets_to_come_and_says_what_becomes_of_them(
    client, paid_member, on_sale
):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "5"], method="door")
    client.force_login(paid_member)

    content = client.get("/en/compte/supprimer/").content.decode()

    assert "Your tickets to come" in content
    for ticket in booking.tickets.all():
        assert f"Ticket {ticket}" in content
    assert "Erasing your account cancels these tickets first" in content
    assert 'href="/en/compte/supprimer/ce-qui-reste/"' in content


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/compte/supprimer/ce-qui-reste/", "kept six years"),
        ("/compte/supprimer/ce-qui-reste/", "Livre des procédures fiscales"),
    ],
)
def test_the_page_of_what_is_kept_says_why(client, venue, path, words):
    response = client.get(path)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_the_back_office_log_forgets_the_address_of_a_waiting_list_place(
    paid_member, treasurer, on_sale
):
    # A place taken signed out with the address, then changed in the back office: its
    # log entry reads as the place did, the address.
    place = WaitingListEntry.objects.create(screening=on_sale, email=paid_member.email)
    LogEntry.objects.log_actions(
        treasurer.pk, [place], CHANGE, change_message="[]", single_object=True
    )
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(place))
    assert entry.object_repr == paid_member.email

    pk = erase_person(paid_member)

    entry.refresh_from_db()
    assert entry.object_repr == f"person #{pk}"
    assert not WaitingListEntry.objects.exists()


def test_the_export_holds_the_back_office_log_entries_erasure_renames(
    make_account, treasurer, on_sale
):
    user = make_account()
    place = WaitingListEntry.objects.create(screening=on_sale, email=user.email)
    for changed in (user, place):
        LogEntry.objects.log_actions(
            treasurer.pk, [changed], CHANGE, change_message="[]", single_object=True
        )
    LogEntry.objects.log_actions(
        treasurer.pk, [treasurer], CHANGE, change_message="[]", single_object=True
    )

    exported = export_person(user)["back_office_log"]

    assert [entry["object"] for entry in exported] == [user.email, user.email]
    json.dumps(exported)


def test_a_name_anyone_may_type_finds_nobody_elses_actions(make_account, outsider):
    # A name is typed by its person, never checked: one chosen to read as the details of
    # others' actions (or a namesake's) must not export them, nor rewrite them on erasure.
    log_action("payments.payment.cancelled", by=outsider, payment=99, note="not paid in time")
    log_action("tickets.note.written", by=outsider, note="Handed over by Camille Durand.")
    mallory = make_account("mallory@example.org")
    mallory.first_name, mallory.last_name = "Not paid", "in time"
    mallory.save()
    namesake = make_account("camille@example.org")
    namesake.first_name, namesake.last_name = "Camille", "Durand"
    namesake.save()
    before = list(Action.objects.filter(by_id=outsider.pk).values_list("data", flat=True))

    exported = export_person(mallory)["actions"] + export_person(namesake)["actions"]
    erase_person(mallory)
    erase_person(namesake)

    assert exported == []
    after = list(Action.objects.filter(by_id=outsider.pk).values_list("data", flat=True))
    assert after == before
