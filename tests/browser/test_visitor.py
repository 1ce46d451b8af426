"""A visitor's path through the public site, in a real Chromium, on a desktop and a phone:
the home page, the programme, the children's screenings, one of them, then English."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, french

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


def press(locator, device):
    """A click with a mouse, a tap on a touch screen."""
    if device.get("has_touch"):
        locator.tap()
    else:
        locator.click()


def url(live_server, path):
    return live_server.url + path


def main_menu(page, language="fr"):
    name = french("Main menu") if language == "fr" else "Main menu"
    return page.get_by_role("navigation", name=name)


def screenings_this_week(count):
    """The programme's count line as the French page words it."""
    with translation.override("fr"):
        line = translation.ngettext(
            "%(counter)s screening this week", "%(counter)s screenings this week", count
        )
    return line % {"counter": count}


def card_titles(page):
    """The titles of the screening cards, as written (a stylesheet may upper-case them)."""
    return page.get_by_role("main").get_by_role("heading", level=3).all_text_contents()


@pytest.mark.parametrize("device", DEVICES)
def test_visitor_finds_a_childrens_screening_and_reads_it_in_english(
    open_page, live_server, programme, screenshot, device
):
    page = open_page(device)
    kirikou = programme.screenings.kirikou

    # The home page, in French by default.
    page.goto("/")
    expect(page).to_have_url(url(live_server, "/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name=programme.venue.name).first).to_be_visible()
    # One French word of the interface, from the compiled French catalogue.
    expect(main_menu(page).get_by_role("link", name="Notre histoire", exact=True)).to_be_visible()
    screenshot(page, "1-home")

    # To the programme, by the main menu.
    press(main_menu(page).get_by_role("link", name=french("Programme"), exact=True), device)
    expect(page).to_have_url(url(live_server, "/programme/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Programme"))
    expect(page.get_by_role("article")).to_have_count(4)
    screenshot(page, "2-programme")

    # Only the children's screenings: the filters unfold first.
    page.locator("details.filters-fold > summary").click()
    page.get_by_label(french("Kind")).select_option(label=french("For children", "filter"))
    press(page.get_by_role("button", name=french("Filter"), exact=True), device)
    # The form sends its empty selects too: that is what a browser does with method=get.
    expect(page).to_have_url(url(live_server, "/programme/?kind=children"))
    expect(page.get_by_label(french("Kind"))).to_have_value("children")
    cards = page.get_by_role("article")
    expect(cards).to_have_count(2)
    assert card_titles(page) == programme.children_titles
    expect(cards.locator("time")).to_have_text(["14:00", "16:30"])
    expect(page.get_by_role("status")).to_have_text(screenings_this_week(2))
    screenshot(page, "3-children")

    # One of them.
    press(page.get_by_role("link", name=kirikou.display_title, exact=True), device)
    expect(page).to_have_url(url(live_server, f"/seance/{kirikou.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirikou et la sorcière")
    expect(page.locator("main time").first).to_contain_text("14:00")
    screenshot(page, "4-screening-fr")

    # The same page in English.
    switch = page.get_by_role("link", name="English", exact=True)
    expect(switch).to_have_attribute("hreflang", "en")
    press(switch, device)
    expect(page).to_have_url(url(live_server, f"/en/seance/{kirikou.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirikou et la sorcière")
    menu = main_menu(page, "en")
    for label in ("Programme", "Our story", "Where the money goes"):
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Notre histoire")).to_have_count(0)
    expect(page.get_by_text("Free entry", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Français", exact=True)).to_have_attribute(
        "hreflang", "fr"
    )
    screenshot(page, "5-screening-en")


def test_language_switch_keeps_the_filter(page, live_server, programme, screenshot):
    page.goto("/programme/?kind=children")
    expect(page.get_by_role("article")).to_have_count(2)

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(url(live_server, "/en/programme/?kind=children"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme")
    expect(page.get_by_label("Kind")).to_have_value("children")
    assert card_titles(page) == programme.children_titles
    expect(page.get_by_role("status")).to_have_text("2 screenings this week")
    screenshot(page, "children-en")

    page.get_by_role("link", name="Français", exact=True).click()
    expect(page).to_have_url(url(live_server, "/programme/?kind=children"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert card_titles(page) == programme.children_titles


def test_english_visitor_filters_by_accessibility(page, live_server, programme, screenshot):
    page.goto("/en/programme/")
    expect(page.get_by_role("article")).to_have_count(4)

    page.locator("details.filters-fold > summary").click()
    page.get_by_label("Subtitles for the deaf and hard of hearing").check()
    page.get_by_label("Audio description").check()
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(url(live_server, "/en/programme/?access=sdh&access=ad"))
    assert card_titles(page) == ["Le Sel de la terre"]
    expect(page.get_by_role("status")).to_have_text("1 screening this week")
    expect(page.get_by_label("Subtitles for the deaf and hard of hearing")).to_be_checked()
    screenshot(page, "access-filtered")

    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(url(live_server, "/en/programme/"))
    expect(page.get_by_label("Subtitles for the deaf and hard of hearing")).not_to_be_checked()
    expect(page.get_by_role("article")).to_have_count(4)


def test_visitor_goes_from_a_screening_to_its_cycle_and_film(
    page, live_server, programme, screenshot
):
    roi = programme.screenings.roi
    page.goto(f"/seance/{roi.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Roi et l’Oiseau")

    page.get_by_role("link", name="Petits et grands", exact=True).click()
    expect(page).to_have_url(url(live_server, "/cycle/petits-et-grands/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Petits et grands")
    assert card_titles(page) == ["Le Roi et l’Oiseau"]
    screenshot(page, "cycle-fr")

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(url(live_server, "/en/cycle/petits-et-grands/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Young and old")

    page.get_by_role("link", name="Le Roi et l’Oiseau", exact=True).click()
    expect(page).to_have_url(url(live_server, f"/en/seance/{roi.pk}/"))
    page.get_by_role("link", name="Le Roi et l’Oiseau", exact=True).click()
    expect(page).to_have_url(url(live_server, "/en/film/le-roi-et-l-oiseau/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Roi et l’Oiseau")
    expect(page.get_by_text("Paul Grimault · France · 1980 · 87")).to_be_visible()
    screenshot(page, "film-en")


@pytest.mark.parametrize(
    ("path", "lang"), [("/cette-page-n-existe-pas/", "fr"), ("/en/no-such-page/", "en")]
)
def test_unknown_page_is_a_404_in_the_visitors_language(page, live_server, programme, path, lang):
    response = page.goto(path)
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", lang)
    heading = french("This page does not exist") if lang == "fr" else "This page does not exist"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    see = french("See this week's programme") if lang == "fr" else "See this week's programme"
    prefix = "" if lang == "fr" else "/en"
    page.get_by_role("link", name=see, exact=True).click()
    expect(page).to_have_url(url(live_server, f"{prefix}/programme/"))
    expect(page.get_by_role("article")).to_have_count(4)
