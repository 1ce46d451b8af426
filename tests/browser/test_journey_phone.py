"""From visitor to booked member on a phone: the home page, "Join" in the menu, what
membership is, the programme, a screening, "Book" while signed out, the account made and
its address confirmed by the emailed link, the membership paid, back to that screening's
booking form, the total before confirming, the seat paid, the booking and its email
(the tickets' PDF and the screening's .ics). Then the same path's first pages in English,
where no French word of the interface is left."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import get_language_info
from playwright.sync_api import expect

from clef.members.models import Membership
from clef.tickets.models import Booking, Ticket
from tests.browser.conftest import PHONE, assert_accessible, fits_the_width, french

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
PASSWORD = "une phrase assez longue 42"


@pytest.fixture
def next_week(programme, make_film, make_screening):
    """A pay-what-you-want screening on the first day of next week, at 20:00: always to
    come, whatever the day and hour the test runs, and reached by "Next week"."""
    film = make_film(
        "La Jetée",
        slug="la-jetee",
        directors="Chris Marker",
        year=1962,
        countries="France",
        runtime=28,
        languages="français",
    )
    day = programme.week.end + dt.timedelta(days=1)
    return make_screening(day, "20:00", films=[film])


def main_menu(page, name):
    return page.get_by_role("navigation", name=name)


def follow_emailed_link(page, message):
    """Open the link an email carries; a page that asks first (a button that posts, so
    that a mail scanner's GET does nothing) is answered with its button."""
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(link)
    button = page.locator("main form[method=post] button[type=submit]")
    if button.count() == 1 and "/compte/" in page.url:
        assert_accessible(page)
        button.tap()


def test_a_visitor_becomes_a_member_and_books_a_seat_on_a_phone(
    open_page, live_server, venue, programme, next_week, screenshot
):
    page = open_page(PHONE)
    title = next_week.display_title
    book_path = f"/seance/{next_week.pk}/reserver/"

    # The home page says what membership costs, and "Adhérer" is in the menu.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".hero .lede")).to_contain_text(
        f"Une adhésion annuelle de 5,00{NBSP}€ à 15,00{NBSP}€"
    )
    join = main_menu(page, "Menu principal").get_by_role("link", name="Adhérer", exact=True)
    expect(join).to_be_visible()
    assert fits_the_width(page)
    screenshot(page, "01-home")
    assert_accessible(page)

    # What membership is, in a few lines.
    join.tap()
    expect(page).to_have_url(f"{live_server.url}/adherer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adhérer à l’association")
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text(f"de 5,00{NBSP}€ à 15,00{NBSP}€")
    expect(join).to_have_attribute("aria-current", "page")
    assert fits_the_width(page)
    screenshot(page, "02-join-page")
    assert_accessible(page)

    # The programme, next week, the screening.
    main_menu(page, "Menu principal").get_by_role("link", name="Programme", exact=True).tap()
    expect(page).to_have_url(f"{live_server.url}/programme/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Semaine suivante")).tap()
    expect(page).to_have_url(
        f"{live_server.url}/programme/{programme.week.next.start.isoformat()}/"
    )
    assert_accessible(page)
    page.get_by_role("link", name=title, exact=True).tap()
    expect(page).to_have_url(f"{live_server.url}/seance/{next_week.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(page, "03-screening")
    assert_accessible(page)

    # "Réserver" while signed out: the sign-in page says what booking needs.
    page.locator("#bookbox").get_by_role("link", name="Réserver une place").tap()
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next="))
    why = page.locator("section.bookbox")
    expect(why.get_by_role("heading", level=2)).to_have_text(f"Pour réserver « {title} »")
    expect(why).to_contain_text("adhésion annuelle")
    expect(why).to_contain_text(f"de 5,00{NBSP}€ à 15,00{NBSP}€")
    screenshot(page, "04-sign-in")
    assert_accessible(page)

    # Sign up: the privacy line is there, with its link.
    why.get_by_role("link", name="Créer un compte").tap()
    expect(page).to_have_url(re.compile(r"/compte/creer/\?next="))
    privacy = page.locator(".privacy-line")
    expect(privacy).to_contain_text("rien n’est vendu ni prêté")
    expect(privacy.get_by_role("link")).to_have_attribute("href", "/confidentialite/")
    assert_accessible(page)
    page.get_by_label(french("First name"), exact=True).fill("Lou")
    page.get_by_label(french("Last name"), exact=True).fill("Vidal")
    page.get_by_label(french("Email"), exact=True).fill("lou@example.org")
    page.get_by_label(french("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=french("Create my account")).tap()
    expect(page.locator("main")).to_contain_text("lou@example.org")
    screenshot(page, "05-check-inbox")
    assert_accessible(page)

    # The address confirmed by the emailed link: straight on to the membership.
    (confirming,) = mail.outbox
    assert confirming.to == ["lou@example.org"]
    follow_emailed_link(page, confirming)
    expect(page).to_have_url(re.compile(r"/adhesion/\?next="))
    expect(page.locator(".message")).to_have_text(french("Your address is confirmed: welcome!"))
    screenshot(page, "06-membership")
    assert_accessible(page)

    # The membership, 10 €, paid on the test provider's page.
    page.get_by_label(french("Or type your amount (€)")).fill("10")
    page.get_by_role("button", name="Adhérer", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/paiement/test/[\w-]+/$"))
    expect(page.locator(".testpay-amount")).to_have_text(f"10,00{NBSP}€")
    assert_accessible(page)
    page.get_by_role("button", name=f"Payer 10,00{NBSP}€ (test)").tap()
    expect(page).to_have_url(re.compile(r"/adhesion/carte/[\w-]+/$"))
    membership = Membership.objects.get(person__email="lou@example.org")
    assert (membership.status, membership.amount, membership.number) == ("paid", Decimal("10"), 1)
    onward = page.get_by_role("link", name="Continuer vers la réservation")
    expect(onward).to_have_attribute("href", book_path)
    screenshot(page, "07-card")
    assert_accessible(page)

    # Back to that screening's booking form, ready: one seat, paying at the door chosen.
    onward.tap()
    expect(page).to_have_url(f"{live_server.url}{book_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_label("Nombre de places")).to_have_value("1")
    expect(page.get_by_role("radio", name=re.compile(r"^Payer sur place"))).to_be_checked()
    total = page.locator("[data-booking-total]")
    expect(total).to_be_hidden()
    assert_accessible(page)

    # 7,50 € typed, paid now online: the total shows before confirming.
    seat = page.get_by_role("group", name="Place 1 : votre prix")
    seat.get_by_label("Autre montant pour la place 1 (€)").fill("7,50")
    page.get_by_role("radio", name=re.compile(r"^Payer maintenant, en ligne")).tap()
    expect(total).to_be_visible()
    expect(total).to_have_text(re.compile(rf"^Total\s?:\s7,50{NBSP}€$"))
    screenshot(page, "08-booking-form")
    assert_accessible(page)
    page.get_by_role("button", name="Réserver 1 place").tap()

    expect(page).to_have_url(re.compile(r"/paiement/test/[\w-]+/$"))
    expect(page.locator(".testpay-amount")).to_have_text(f"7,50{NBSP}€")
    assert_accessible(page)
    page.get_by_role("button", name=f"Payer 7,50{NBSP}€ (test)").tap()

    # The booking: its ticket, paid 7,50 €.
    expect(page).to_have_url(re.compile(r"/reservation/[\w-]+/$"))
    booking = Booking.objects.get()
    assert page.url == live_server.url + booking.get_absolute_url()
    assert booking.status == Booking.Status.CONFIRMED
    (ticket,) = booking.tickets.all()
    assert (ticket.status, ticket.price) == (Ticket.Status.PAID, Decimal("7.50"))
    assert str(ticket) == f"{venue.local_date().year}-000001"
    expect(page.locator(".ticket").get_by_role("heading", level=3)).to_have_text(f"Billet {ticket}")
    expect(page.locator(".ticket")).to_contain_text(f"7,50{NBSP}€")
    screenshot(page, "09-booking")
    assert_accessible(page)

    # The booking's email: greeting by name, the tickets' PDF and the screening's .ics.
    emails = [m for m in mail.outbox if m is not confirming]
    (booked,) = [m for m in emails if m.attachments]
    assert booked.to == ["lou@example.org"]
    assert "Bonjour Lou" in booked.body
    assert "7,50" in booked.body
    names = {name: (content, kind) for name, content, kind in booked.attachments}
    assert names.keys() == {f"{venue.slug}-{booking.code}.pdf", f"{venue.slug}-{next_week.pk}.ics"}
    pdf, kind = names[f"{venue.slug}-{booking.code}.pdf"]
    assert (pdf[:5], kind) == (b"%PDF-", "application/pdf")
    ics, kind = names[f"{venue.slug}-{next_week.pk}.ics"]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert kind == "text/calendar"
    assert "BEGIN:VEVENT" in ics
    assert "SUMMARY:La Jetée" in ics.replace("\r\n ", "")


# --- the same path's first pages in English ---------------------------------------------------
def french_words():
    """Every interface text the French catalogue translates into other words: none may be
    read on an English page. Only the longer ones (two words or more), so that a word
    shared by both languages, a name or a number does not count."""
    with translation.override("fr"):
        catalogue = translation.trans_real.translation("fr")._catalog
        texts = set()
        for msgid, msgstr in catalogue.items():
            if isinstance(msgid, tuple):  # a plural form: (msgid, index)
                msgid = msgid[0]
            if not msgid:
                continue
            english = str(msgid).split("\x04")[-1]
            for line in str(msgstr).splitlines():
                line = re.sub(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", "\n", line)
                for part in line.split("\n"):
                    part = part.strip(" .,:;!?«»“”()·-–—")
                    if len(part.split()) >= 2 and part not in english:
                        texts.add(part)
    return texts


PAGE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("script, style, [lang]:not([lang^=en])").forEach((e) => e.remove());
  return copy.textContent.replace(/\\s+/g, " ");
}"""


def french_dates_and_languages():
    """Single French words a date or a film's facts would show if left untranslated: the
    days, the months, and the film's language as typed."""
    from django.utils.dates import MONTHS, WEEKDAYS

    with translation.override("fr"):
        words = {str(name) for name in [*WEEKDAYS.values(), *MONTHS.values()]}
    return words | {"français", "sous-titré", "VOSTF"}


def assert_all_english(page, french_texts):
    expect(page.locator("html")).to_have_attribute("lang", "en")
    text = page.evaluate(PAGE_TEXT)
    # A language offered in its own name (the sign-up's "Language of your emails") is
    # meant to read in that language.
    for code, _name in settings.LANGUAGES:
        text = text.replace(get_language_info(code)["name_local"].capitalize(), "")
    found = sorted(t for t in french_texts if t in text)
    found += sorted(
        word
        for word in french_dates_and_languages()
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    )
    assert not found, f"French on {page.url}: {found}"


def test_the_same_path_in_english_on_a_phone_has_no_french_word(
    open_page, live_server, programme, next_week, screenshot
):
    page = open_page(PHONE, locale="en-GB")
    texts = french_words()
    title = next_week.display_title

    page.goto("/en/")
    expect(page.locator(".hero .lede")).to_contain_text("A yearly membership from €5.00 to €15.00")
    join = main_menu(page, "Main menu").get_by_role("link", name="Join", exact=True)
    expect(join).to_be_visible()
    assert_all_english(page, texts)
    screenshot(page, "01-home-en")
    assert_accessible(page)

    join.tap()
    expect(page).to_have_url(f"{live_server.url}/en/adherer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the association")
    expect(page.locator("ol.steps > li").nth(0)).to_contain_text("from €5.00 to €15.00")
    assert_all_english(page, texts)
    assert_accessible(page)

    main_menu(page, "Main menu").get_by_role("link", name="Programme", exact=True).tap()
    expect(page).to_have_url(f"{live_server.url}/en/programme/")
    assert_all_english(page, texts)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Next week")).tap()
    expect(page).to_have_url(
        f"{live_server.url}/en/programme/{programme.week.next.start.isoformat()}/"
    )
    assert_all_english(page, texts)
    page.get_by_role("link", name=title, exact=True).tap()
    expect(page).to_have_url(f"{live_server.url}/en/seance/{next_week.pk}/")
    expect(page.locator("#bookbox").get_by_role("link", name="Book a seat")).to_be_visible()
    assert_all_english(page, texts)
    screenshot(page, "02-screening-en")
    assert_accessible(page)

    page.locator("#bookbox").get_by_role("link", name="Book a seat").tap()
    expect(page).to_have_url(re.compile(r"/en/compte/connexion/\?next="))
    why = page.locator("section.bookbox")
    expect(why.get_by_role("heading", level=2)).to_have_text(f"To book for “{title}”")
    expect(why).to_contain_text("a yearly membership of the association, from €5.00 to €15.00")
    assert_all_english(page, texts)
    assert_accessible(page)

    why.get_by_role("link", name="Create an account").tap()
    expect(page).to_have_url(re.compile(r"/en/compte/creer/\?next="))
    expect(page.locator(".privacy-line")).to_contain_text("nothing is sold or lent")
    assert_all_english(page, texts)
    screenshot(page, "03-signup-en")
    assert_accessible(page)
