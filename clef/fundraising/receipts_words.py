"""An amount in French words, as a tax receipt writes it: "soixante et onze euros et un
centime", "un million d'euros et un centime", "cinquante centimes" (``num2words`` for
the numbers; euros and cents said here, since its own currency mode writes "zéro
centimes" and "un million euros")."""

from num2words import num2words

from clef.lib.money import cents


def _euros(whole):
    words = num2words(whole, lang="fr")
    if whole == 1:
        return f"{words} euro"
    # "un million d'euros", "deux milliards d'euros": a noun takes "de".
    if words.endswith(("million", "millions", "milliard", "milliards")):
        return f"{words} d'euros"
    return f"{words} euros"


def _cents(part):
    words = num2words(part, lang="fr")
    return f"{words} centime" if part == 1 else f"{words} centimes"


def in_words(amount):
    """``amount`` (Decimal, not below 0) in French words."""
    amount = cents(amount)
    whole = int(amount)
    part = int((amount - whole) * 100)
    if whole == 0 and part:
        return _cents(part)
    if not part:
        return _euros(whole)
    return f"{_euros(whole)} et {_cents(part)}"
