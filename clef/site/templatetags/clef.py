from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clef.lib import names
from clef.lib.localized import localized as localized_value
from clef.lib.money import format_euros
from clef.programme.jsonld import as_script

register = template.Library()


@register.simple_tag
def hello(person=None):
    """The greeting every email opens with, by first name when one is known:
    ``{% hello booking.person %}`` (a person, or a name as typed, or nobody)."""
    name = person if isinstance(person, str) else getattr(person, "first_name", "")
    if name and name.strip():
        return _("Hello %(name)s,") % {"name": name.strip()}
    return _("Hello,")


@register.filter
def localized(obj, field):
    """``{{ cycle|localized:"title" }}``: the English text on the English site if any."""
    return localized_value(obj, field)


def _english():
    return (get_language() or "").startswith("en")


@register.filter
def countries(text):
    """``{{ film.countries|countries }}``: "France, Sénégal" in the reader's language."""
    return names.countries(text)


@register.filter
def languages(text):
    """``{{ film.languages|languages }}``: "wolof, français" in the reader's language."""
    return names.languages(text)


@register.filter
def euros(amount):
    """An amount as the visitor's language writes it: 10,50 € or €10.50."""
    return format_euros(amount)


@register.filter
def percent(rate):
    """A rate as the visitor's language writes it: 5,5 % or 5.5%."""
    if hasattr(rate, "normalize"):
        rate = rate.normalize()
    value = formats.number_format(rate, use_l10n=True)
    return f"{value}%" if _english() else f"{value}\u00a0%"


@register.filter
def part_of(amount, total):
    """``amount`` as a percent of ``total``, one decimal ("42,1 %"); "—" when the total
    is nothing."""
    if not total:
        return "—"
    value = formats.number_format(Decimal(amount) * 100 / Decimal(total), 1, use_l10n=True)
    return f"{value}%" if _english() else f"{value}\u00a0%"


@register.filter
def jsonld(data):
    return as_script(data)


@register.filter
def paragraphs(text):
    """Split a text typed by staff into paragraphs on empty lines."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]
