"""What the browser tests share: Debian's Chromium driven by Playwright, a page per test,
a week of programme around the real clock, screenshots, and the axe-core check.

The live server runs in a thread of this process and answers with the real clock, so the
programme is built from ``timezone.now()``: the screenings are in the current cinema week.

SQLite: the live server answers each request in a thread, and a page asks several things
at once (the till posts a sale while its script asks for its seat blocks). In Django's
in-memory test database, shared through SQLite's shared cache, a writer meeting another
fails at once ("database table is locked") instead of waiting; so, as for
``tests/concurrency``, when these tests are collected the session's SQLite test database
becomes a file in a temporary folder, where the busy timeout and immediate transactions
of ``clef.lib.env.database_from_url`` make writers wait their turn, as in production.
"""

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import translation

from clef.programme.models import Cycle, Screening
from clef.site.models import Commission, Page, TimelineEntry

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pytest_configure(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] != "django.db.backends.sqlite3" or test.get("NAME"):
        return  # PostgreSQL, or a file already (tests/concurrency collected too)
    folder = Path(tempfile.mkdtemp(prefix="clef-browser-db-"))
    test["NAME"] = str(folder / "test.sqlite3")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


# --- the browser ------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run scripts/browser-deps")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would refuse the
    # database calls the fixtures make while it runs. Set only while the browser lives,
    # so that the other tests keep Django's guard.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def open_page(browser, live_server):
    """Open a fresh browser context (desktop unless told) and return its page; the
    page's base URL is the live server."""
    contexts = []

    def open_(device=None, *, locale="fr-FR"):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, **(device or DESKTOP)
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/screenshots/ (git ignores it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(page, step):
        page.screenshot(path=SCREENSHOTS / f"{stem}--{step}.png", full_page=True)

    return take


# --- accessibility -----------------------------------------------------------------------
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page):
    """Run axe-core in the page; the serious and critical violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run scripts/browser-deps")
    # Evaluated from outside the page: the site's Content-Security-Policy refuses the
    # inline <script> that add_script_tag would write.
    page.evaluate(AXE.read_text() + "\n;undefined")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(
                " > ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}")
    return "\n".join(lines)


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found serious or critical violations on {page.url}:\n"
        + describe_violations(violations)
    )


# --- what the French pages say -------------------------------------------------------------
def french(message, context=None):
    """A UI string as the French pages show it: the catalogue's translation, or the
    msgid itself while the French catalogue is not compiled yet."""
    with translation.override("fr"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


# --- a programme around today ----------------------------------------------------------------
@pytest.fixture
def programme(venue, big_room, small_room, make_film, make_screening):
    """This cinema week's programme: two screenings for children (one marked so, one in a
    children's cycle), a plain screening and a debate, plus the site's story pages.

    The venue opens every day here, so that whatever today is, the last day of the
    current cinema week is an open day still to come (the shared fixture's venue is
    closed on Mondays and Tuesdays, which would leave nothing ahead on those days).
    """
    venue.open_days = "0123456"
    venue.email = "contact@example.org"
    venue.save()
    big_room.wheelchair_places = 4
    big_room.save()

    today = venue.local_date()
    week = venue.week_of(today)
    day = week.end  # always today or later, and inside the current week

    kids = Cycle.objects.create(
        slug="petits-et-grands",
        title="Petits et grands",
        title_en="Young and old",
        for_children=True,
        description="Des films pour les enfants, et pour ceux qui les accompagnent.",
        description_en="Films for children, and for those who come with them.",
    )
    kirikou = make_film(
        "Kirikou et la sorcière",
        slug="kirikou",
        directors="Michel Ocelot",
        year=1998,
        countries="France, Belgique",
        runtime=74,
        languages="français",
        synopsis="Un tout petit garçon tient tête à la sorcière Karaba.",
        synopsis_en="A very small boy stands up to the sorceress Karaba.",
    )
    roi = make_film(
        "Le Roi et l’Oiseau",
        slug="le-roi-et-l-oiseau",
        directors="Paul Grimault",
        year=1980,
        countries="France",
        runtime=87,
        languages="français",
    )
    wanda = make_film("Wanda", slug="wanda")
    salt = make_film(
        "Le Sel de la terre",
        original_title="Salt of the Earth",
        slug="salt-of-the-earth",
        directors="Herbert J. Biberman",
        year=1954,
        runtime=94,
    )

    screenings = SimpleNamespace(
        kirikou=make_screening(
            day, "14:00", films=[kirikou], for_children=True, pricing=Screening.Pricing.FREE
        ),
        roi=make_screening(day, "16:30", room=small_room, films=[roi], cycle=kids, sdh=True),
        wanda=make_screening(day, "18:30", films=[wanda]),
        salt=make_screening(
            day,
            "20:45",
            films=[salt],
            kind=Screening.Kind.DEBATE,
            guests="Une historienne du maccarthysme",
            sdh=True,
            audio_description=True,
        ),
    )

    TimelineEntry.objects.create(
        date=dt.date(1973, 1, 1),
        title="Ouverture du cinéma",
        title_en="The cinema opens",
        text="Une salle de quartier ouvre rue Daubenton.",
        text_en="A neighbourhood cinema opens on rue Daubenton.",
    )
    TimelineEntry.objects.create(
        date=dt.date(2019, 9, 1),
        date_precision="month",
        title="Occupation",
        title_en="Occupation",
        text="Des habitants rouvrent la salle.",
        text_en="Neighbours open the cinema again.",
    )
    Commission.objects.create(
        name="Programmation",
        name_en="Programming",
        position=1,
        description="Choisit les films, ensemble.",
        description_en="Chooses the films, together.",
    )
    Page.objects.create(
        slug="accueil",
        title="Accueil",
        title_en="Home",
        body="Un cinéma géré par ses membres.",
        body_en="A cinema run by its members.",
    )

    return SimpleNamespace(
        venue=venue,
        week=week,
        day=day,
        cycle=kids,
        screenings=screenings,
        films=SimpleNamespace(kirikou=kirikou, roi=roi, wanda=wanda, salt=salt),
        children_titles=[kirikou.title, roi.title],
    )


# --- shared steps of the member's and the cashier's tests --------------------------------
DEVICES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]

# Draws an <img>, or an inline <svg> (the element or its container), on a white canvas
# and returns its pixels, grey, one byte each.
RASTERISE = """async (element) => {
  let image = element;
  if (element.tagName !== "IMG") {
    const svg = element.tagName.toLowerCase() === "svg" ? element : element.querySelector("svg");
    image = new Image();
    image.src = "data:image/svg+xml;charset=utf-8," +
      encodeURIComponent(new XMLSerializer().serializeToString(svg));
  }
  await image.decode();
  const size = 400;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  context.imageSmoothingEnabled = false;
  context.drawImage(image, 0, 0, size, size);
  const rgba = context.getImageData(0, 0, size, size).data;
  return {size, grey: Array.from({length: size * size}, (_, i) => rgba[i * 4])};
}"""


def read_qr(locator):
    """The texts of the QR codes shown by an image or an inline SVG, as the page draws it."""
    import zxingcpp

    pixels = locator.evaluate(RASTERISE)
    size = pixels["size"]
    grey = memoryview(bytes(pixels["grey"])).cast("B", shape=(size, size))
    return [result.text for result in zxingcpp.read_barcodes(grey)]


def sign_in(target, live_server, user):
    """Give a browser context (or a page's) the session of ``user``, as the login form
    would."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context = target.context if hasattr(target, "goto") else target
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def press(locator, device):
    """A click with a mouse, a tap on a touch screen."""
    if device.get("has_touch"):
        locator.tap()
    else:
        locator.click()


def fits_the_width(page):
    """Nothing sticks out sideways: no horizontal scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
