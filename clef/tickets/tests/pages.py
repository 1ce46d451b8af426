"""What the page tests of tickets share: a response's text, a date as French writes it."""

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def page(response):
    return response.content.decode()


def french_day(local):
    """ "26 novembre 2026", as the French pages and emails write a date."""
    return f"{local.day} {FRENCH_MONTHS[local.month - 1]} {local.year}"
