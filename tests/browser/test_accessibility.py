"""Every kind of public page passes axe-core without a serious or critical violation,
in French and in English, with a programme on it."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (test id, path; {names} are filled from the programme fixture)
PAGES = [
    ("home", "/"),
    ("programme", "/programme/"),
    ("programme-children", "/programme/?kind=children"),
    ("programme-filtered", "/programme/?cycle=petits-et-grands&kind=&room=&access=sdh"),
    ("programme-empty-filter", "/programme/?kind=workshop"),
    ("programme-next-week", "/programme/{next_week}/"),
    ("screening", "/seance/{kirikou}/"),
    ("screening-debate", "/seance/{salt}/"),
    ("film", "/film/kirikou/"),
    ("cycle", "/cycle/petits-et-grands/"),
    ("history", "/histoire/"),
    ("association", "/association/"),
    ("visit", "/infos-pratiques/"),
    ("money", "/ou-va-l-argent/"),
    ("not-found", "/cette-page-n-existe-pas/"),
]
ENGLISH = ["home", "programme-children", "screening-debate", "cycle", "money", "not-found"]
PHONE_PAGES = ["home", "programme-children", "screening"]


def _params():
    return [
        *(pytest.param(path, None, id=f"fr-{name}") for name, path in PAGES),
        *(
            pytest.param("/en" + path, None, id=f"en-{name}")
            for name, path in PAGES
            if name in ENGLISH
        ),
        *(
            pytest.param(path, PHONE, id=f"fr-phone-{name}")
            for name, path in PAGES
            if name in PHONE_PAGES
        ),
    ]


@pytest.mark.parametrize(("path", "device"), _params())
def test_page_has_no_serious_accessibility_violation(
    open_page, programme, screenshot, path, device
):
    page = open_page(device)
    path = path.format(
        kirikou=programme.screenings.kirikou.pk,
        salt=programme.screenings.salt.pk,
        next_week=programme.week.next.start.isoformat(),
    )
    response = page.goto(path)
    expected_status = 404 if "n-existe-pas" in path else 200
    assert response.status == expected_status, f"{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == ("en" if path.startswith("/en/") else "fr")
    screenshot(page, "page")
    assert_accessible(page)


def test_the_check_catches_a_violation(browser):
    """The check is not vacuous: a picture without text and an unlabelled field fail it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="fr"><head><title>t</title></head><body><main>'
            '<h1>t</h1><img src="data:,"><input type="text"></main></body></html>'
        )
        found = {v["id"] for v in axe_violations(page)}
        assert {"image-alt", "label"} <= found
        with pytest.raises(AssertionError, match="image-alt"):
            assert_accessible(page)
    finally:
        context.close()
