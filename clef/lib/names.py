"""Countries' and languages' names in the reader's language.

A film's countries and languages, and the subtitles' language, are typed as free text,
most often in French ("France, Sénégal", "wolof / français"). Each name is recognised in
French or English, or as its ISO code ("SN", "wo"), through the Unicode CLDR data that
babel ships, and given back as the current language writes it: "Senegal, France" on the
English site. A name not recognised is shown as typed; the separators too.

The reverse lookup (name → code) is built once per process, on first use.
"""

import functools
import re
import unicodedata

from babel import Locale
from django.utils.translation import get_language

# The languages names are recognised in, and the one shown when the current language is
# not among those babel knows.
KNOWN_IN = ("fr", "en")
FALLBACK = "fr"

# Commas, slashes, semicolons and the spaces around them: kept as typed.
SEPARATORS = re.compile(r"(\s*[,/;]\s*)")


def _key(name):
    """A name as looked up: no accents, no case, one kind of apostrophe, hyphens as
    spaces ("Côte d’Ivoire", "cote d'ivoire" and "COTE D IVOIRE" are one key)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("’", "'").replace("`", "'").replace("-", " ").replace(".", " ")
    return " ".join(text.casefold().split())


@functools.cache
def _lookup(kind):
    """``{key: code}`` for ``kind`` ("territories" or "languages"): every name in each
    known language, then the codes not already a name."""
    table = {}
    for language in KNOWN_IN:
        for code, name in getattr(Locale.parse(language), kind).items():
            if kind == "territories" and not code.isalpha():
                continue  # regions of the world ("001", "150"): not countries
            table.setdefault(_key(name), code)
    for code in getattr(Locale.parse(FALLBACK), kind):
        if code.isalpha():
            table.setdefault(_key(code), code)
    return table


@functools.cache
def _locale(language):
    try:
        return Locale.parse(language or FALLBACK, sep="-")
    except (ValueError, TypeError):
        return Locale.parse(FALLBACK)


def _names(text, kind):
    if not text:
        return text or ""
    table = _lookup(kind)
    shown = getattr(_locale(get_language()), kind)
    parts = SEPARATORS.split(str(text))
    for index in range(0, len(parts), 2):
        typed = parts[index]
        code = table.get(_key(typed))
        if code and code in shown:
            # The typed spaces around a name stay (a leading one begins the text).
            parts[index] = typed[: len(typed) - len(typed.lstrip())] + shown[code]
    return "".join(parts)


def countries(text):
    """``"France, Sénégal"`` as the current language writes these countries."""
    return _names(text, "territories")


def languages(text):
    """``"wolof / français"`` as the current language writes these languages."""
    return _names(text, "languages")
