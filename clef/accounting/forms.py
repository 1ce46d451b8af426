"""The agreements of a screening's films, as the programmer or treasurer types them: one
form per film shown, with the film's visa and version beside its terms."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.lib.money import format_rate
from clef.programme.models import ScreeningFilm

HUNDRED = Decimal(100)


def _percent_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


class AgreementForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=_("Rights holder"),
        queryset=RightsHolder.objects.order_by("name"),
        required=False,
        empty_label=_("— choose, or type a new one below —"),
    )
    new_holder = forms.CharField(label=_("New rights holder"), max_length=200, required=False)
    new_holder_email = forms.EmailField(label=_("Their email"), required=False)
    kind = forms.ChoiceField(
        label=_("Terms"), choices=RightsAgreement.Kind.choices, widget=forms.RadioSelect
    )
    rate = _percent_field(
        _("Percentage"), _("Of the distributor base: receipts excluding VAT, minus the tax.")
    )
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        required=False,
        max_digits=9,
        decimal_places=2,
        localize=True,
        validators=[MinValueValidator(0)],
        help_text=_("The flat fee, or the minimum guaranteed."),
    )
    programme_share = _percent_field(
        pgettext_lazy("agreement", "Share of the programme (%)"),
        _("This film's percent of the receipts; leave every film empty to divide by running time."),
    )
    contact = forms.CharField(label=_("Contact for this film"), max_length=200, required=False)
    visa_number = forms.CharField(label=_("Visa number"), max_length=20, required=False)
    version = forms.ChoiceField(label=_("Version"), choices=ScreeningFilm.Version.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, shown, programme, **kwargs):
        self.shown = shown
        super().__init__(*args, **kwargs)
        if not programme:
            del self.fields["programme_share"]

    def clean(self):
        data = super().clean()
        holder, new = data.get("holder"), (data.get("new_holder") or "").strip()
        if holder and new:
            self.add_error("new_holder", _("Choose a rights holder or type a new one, not both."))
        elif not holder and not new:
            self.add_error("holder", _("Choose the rights holder, or type a new one."))
        kind = data.get("kind")
        needed = {}
        if kind in (RightsAgreement.Kind.PERCENTAGE, RightsAgreement.Kind.MINIMUM_GUARANTEE):
            needed["rate"] = _("Give the percentage agreed.")
        if kind == RightsAgreement.Kind.FLAT_FEE:
            needed["amount"] = _("Give the flat fee.")
        if kind == RightsAgreement.Kind.MINIMUM_GUARANTEE:
            needed["amount"] = _("Give the minimum guaranteed.")
        for name, message in needed.items():
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, message)
        return data


def agreement_forms(screening, data=None):
    """One form per film shown, filled with its agreement if there is one."""
    shown = list(screening.screening_films.select_related("film").order_by("position", "pk"))
    existing = {
        a.film_id: a
        for a in RightsAgreement.objects.filter(screening=screening).select_related("holder")
    }
    programme = len(shown) > 1
    forms_ = []
    for item in shown:
        agreement = existing.get(item.film_id)
        initial = {"visa_number": item.film.visa_number, "version": item.version}
        if agreement:
            initial.update(
                holder=agreement.holder_id,
                kind=agreement.kind,
                rate=agreement.rate,
                amount=agreement.amount,
                programme_share=agreement.programme_share,
                contact=agreement.contact,
                note=agreement.note,
            )
        else:
            initial["kind"] = RightsAgreement.Kind.PERCENTAGE
        forms_.append(
            AgreementForm(
                data,
                prefix=f"film-{item.pk}",
                initial=initial,
                shown=item,
                programme=programme,
            )
        )
    return forms_


def programme_error(forms_):
    """Shares of a programme: set for every film or for none; set, they make 100 %."""
    if len(forms_) < 2:
        return None
    shares = [f.cleaned_data.get("programme_share") for f in forms_]
    if all(s is None for s in shares):
        return None
    if any(s is None for s in shares):
        return _("Set the share of the programme for every film, or for none.")
    total = sum(shares, Decimal(0))
    if total != HUNDRED:
        return _("The shares of the programme add up to %(total)s %%: they must make 100 %%.") % {
            "total": format_rate(total)
        }
    return None
