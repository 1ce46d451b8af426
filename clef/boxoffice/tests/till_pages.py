"""What the till's page tests share: addresses in a language, a message as a page shows
it, and the form of a sale."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from clef.lib.money import format_euros


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"boxoffice:{name}", args=args)


def said(message, lang="fr", **values):
    """``message`` as the page in ``lang`` shows it (escaped as in HTML)."""
    with translation.override(lang):
        text = translation.gettext(message)
        if values:
            text = text % {
                k: format_euros(v) if isinstance(v, Decimal) else v for k, v in values.items()
            }
    return escape(text)


def sale_form(session, screening, **fields):
    data = {
        "key": fields.pop("key", "k-" + str(timezone.now().timestamp())),
        "session": session.pk,
        "screening": screening.pk if screening else "",
        "prices": "",
        "membership": "",
        "method": "cash",
        "tendered": "",
    }
    data.update(fields)
    return data
