"""Dates as French writes them: "1er mars", never "1 mars". Django's ``date`` filter and
``formats.date_format`` know no ordinal; this module adds it in one place.

``first_of_month`` mends a formatted date. The template filter ``date`` below is Django's
own with that mending, and is a builtin of every template (settings ``TEMPLATES``
``builtins``), so ``{{ day|date:"j F" }}`` reads "1er décembre" everywhere, emails and
pages alike; PDFs call ``lib.pdf.long_date``/``short_date``, which use it too.
"""

import re

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

register = template.Library()

_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# "1" standing alone before a month's name: not "11", "21" or "31", nor "1er" already.
_FIRST = re.compile(rf"(?<![\d\w])1(?=[ \u00a0]+(?:{_MONTHS})\b)", re.IGNORECASE)


def first_of_month(text, language=None):
    """``text`` with "1 mars" written "1er mars" when the language is French."""
    language = language or get_language() or ""
    if not language.startswith("fr") or "1" not in text:
        return text
    return _FIRST.sub("1er", text)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return first_of_month(django_date(value, arg))
