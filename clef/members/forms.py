from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.members.services import MembershipRefused, parse_amount


def suggested_amounts(venue):
    """The amounts offered as buttons: the solidarity one if any, the lowest, the middle
    of the scale (to the half euro) and the highest, each once, as (amount, note)."""
    floor, ceiling = venue.membership_floor, venue.membership_ceiling
    middle = ((floor + ceiling) / 2 * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2
    offered = [
        (venue.membership_solidarity, pgettext_lazy("membership amount", "solidarity")),
        (floor, pgettext_lazy("membership amount", "lowest")),
        (middle, ""),
        (ceiling, pgettext_lazy("membership amount", "highest")),
    ]
    amounts, seen = [], set()
    for amount, note in offered:
        if amount is None or amount in seen:
            continue
        seen.add(amount)
        amounts.append((amount.quantize(Decimal("0.01")), note))
    return amounts


class MembershipForm(forms.Form):
    """The amount of a membership: one of the suggested amounts, or one typed. A typed
    amount wins over a button, so that nobody has to untick a button first."""

    choice = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect, required=False)
    other = forms.CharField(label=_("Another amount (€)"), max_length=20, required=False)

    def __init__(self, *args, venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue = venue
        # (value sent, amount, note) for each button.
        self.amounts = [(str(amount), amount, note) for amount, note in suggested_amounts(venue)]
        self.fields["choice"].choices = [(value, value) for value, _amount, _note in self.amounts]

    def clean(self):
        cleaned = super().clean()
        if self.has_error("choice") or self.has_error("other"):
            return cleaned
        typed = (cleaned.get("other") or "").strip()
        chosen = cleaned.get("choice")
        if typed:
            field, raw = "other", typed
        elif chosen:
            field, raw = "choice", chosen
        else:
            self.add_error("choice", _("Choose an amount, or type one."))
            return cleaned
        try:
            cleaned["amount"] = parse_amount(self.venue, raw)
        except MembershipRefused as refused:
            self.add_error(field, refused.message)
        return cleaned
