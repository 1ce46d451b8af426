"""Content typed by staff in French, with an optional English version beside it.

A model keeps ``title`` (French, required) and ``title_en`` (optional); templates ask
for ``obj|localized:"title"`` and get the English text on the English site when there
is one, the French otherwise.
"""

from django.utils.translation import get_language


def localized(obj, field):
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
