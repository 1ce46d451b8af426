"""The forms of giving: the donor's (``/soutenir/<slug>/donner/``) and the treasurer's
cheque or transfer (``/tresorerie/dons/``). They read what was typed; the checks that
matter are the services' (``gifts``), whose refusals the views show on the form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.fundraising.gifts import Donor
from clef.fundraising.models import Campaign, DonorKind, Gift, LegalBody
from clef.lib import forms as clef_forms
from clef.lib.localized import localized
from clef.lib.money import format_euros


class DonorFields(forms.Form):
    kind = forms.ChoiceField(label=_("I give as"), choices=DonorKind.choices, initial="person")
    name = forms.CharField(label=_("Name (a company's name)"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    siren = forms.CharField(label=_("SIREN (a company)"), max_length=20, required=False)
    receipt_when = forms.ChoiceField(
        label=_("Tax receipt"), choices=Gift.ReceiptWhen.choices, initial=Gift.ReceiptWhen.EACH
    )

    def donor(self, **more):
        data = self.cleaned_data
        return Donor(
            name=data["name"],
            address=data["address"],
            kind=data["kind"],
            siren=data["siren"],
            receipt_when=data["receipt_when"],
            **more,
        )


class GiveForm(DonorFields):
    amount = forms.CharField(
        label=_("Amount (€)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    monthly = forms.BooleanField(label=_("Give this amount every month"), required=False)
    counterpart = forms.ChoiceField(label=_("Thank-you gift"), required=False)
    show_name = forms.BooleanField(
        label=_("Show my name among the donors on the campaign's page"), required=False
    )
    taxable_income = clef_forms.DecimalField(
        label=_("Your taxable income, for the estimate (optional, not kept)"),
        required=False,
        min_value=0,
        max_value=10**9,
        decimal_places=2,
    )
    field_order = [
        "amount",
        "monthly",
        "counterpart",
        "kind",
        "name",
        "address",
        "siren",
        "receipt_when",
        "show_name",
        "taxable_income",
    ]

    def __init__(self, campaign, counterparts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.counterparts = {str(c.pk): c for c in counterparts}
        self.fields["counterpart"].choices = [("", pgettext_lazy("counterpart", "None"))] + [
            (str(c.pk), f"{localized(c, 'name')} ({format_euros(c.minimum_gift)} +)")
            for c in counterparts
        ]

    def chosen_counterpart(self):
        return self.counterparts.get(self.cleaned_data.get("counterpart") or "")


class TypedGiftForm(DonorFields):
    """A cheque or a transfer received, typed by the treasurer."""

    body = forms.ModelChoiceField(label=_("Legal body"), queryset=LegalBody.objects.all())
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False
    )
    amount = forms.CharField(label=_("Amount (€)"), max_length=30)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[(m, Gift.Method(m).label) for m in (Gift.Method.CHEQUE, Gift.Method.TRANSFER)],
    )
    received_on = clef_forms.DateField(label=_("Received on (2026-11-18)"))
    reference = forms.CharField(
        label=_("Cheque number or transfer reference"), max_length=100, required=False
    )
    email = forms.EmailField(label=_("Donor's email address (optional)"), required=False)
    field_order = [
        "body",
        "campaign",
        "amount",
        "method",
        "received_on",
        "reference",
        "kind",
        "name",
        "address",
        "siren",
        "email",
        "receipt_when",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As the field reads it (2026-11-18), not as the language writes dates.
        self.fields["received_on"].initial = timezone.localdate().isoformat()


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=300)
    name = forms.CharField(label=_("Donor's name, corrected"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Donor's postal address, corrected"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class YearForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Legal body"), queryset=LegalBody.objects.all())
    year = clef_forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
