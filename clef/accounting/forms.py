"""The agreements of a screening's films, as the programmer or treasurer types them: one
form per film shown, with the film's visa and version beside its terms, prefilled from
the film's previous agreement when this screening has none; and which of the film's
screenings the terms are for (``ScopeForm``)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.accounting.agreements import Scope
from clef.accounting.models import FilmRightsHolder, RightsAgreement, RightsHolder
from clef.lib.money import format_rate
from clef.programme.models import Screening, ScreeningFilm

HUNDRED = Decimal(100)
# The longest run one form sets: a year and a day.
LONGEST_RUN = dt.timedelta(days=366)


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
        help_text=_("Recorded as the film's rights holder too."),
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


def _previous_agreements(screening, film_ids):
    """Each film's agreement at its screening nearest before ``screening`` (else the
    nearest after it), by film id. One query."""
    agreements = (
        RightsAgreement.objects.filter(film_id__in=film_ids)
        .exclude(screening=screening)
        .exclude(screening__status=Screening.Status.CANCELLED)
        .select_related("screening")
        .order_by("screening__starts_at", "pk")
    )
    before, after = {}, {}
    for agreement in agreements:
        if agreement.screening.starts_at <= screening.starts_at:
            before[agreement.film_id] = agreement  # the latest wins
        else:
            after.setdefault(agreement.film_id, agreement)  # the earliest wins
    return {**after, **before}


def agreement_forms(screening, data=None):
    """One form per film shown, filled with its agreement if there is one, else with the
    film's previous agreement and its rights holder (``form.prefilled_from``: the
    screening whose terms were copied, ``form.film_holder``: the film's holder)."""
    shown = list(screening.screening_films.select_related("film").order_by("position", "pk"))
    film_ids = [item.film_id for item in shown]
    existing = {
        a.film_id: a
        for a in RightsAgreement.objects.filter(screening=screening).select_related("holder")
    }
    holders = {
        link.film_id: link.holder
        for link in FilmRightsHolder.objects.filter(film_id__in=film_ids).select_related("holder")
    }
    missing = [pk for pk in film_ids if pk not in existing]
    previous = _previous_agreements(screening, missing) if missing else {}
    programme = len(shown) > 1
    forms_ = []
    for item in shown:
        agreement = existing.get(item.film_id)
        copied = None
        if agreement is None:
            agreement = copied = previous.get(item.film_id)
        film_holder = holders.get(item.film_id)
        initial = {"visa_number": item.film.visa_number, "version": item.version}
        if agreement:
            initial.update(
                holder=agreement.holder_id,
                kind=agreement.kind,
                rate=agreement.rate,
                amount=agreement.amount,
                programme_share=agreement.programme_share if programme else None,
                contact=agreement.contact,
                note="" if copied else agreement.note,
            )
        else:
            initial["kind"] = RightsAgreement.Kind.PERCENTAGE
        if film_holder is not None and (copied or not agreement):
            initial["holder"] = film_holder.pk  # the film's holder now, if it changed
        form = AgreementForm(
            data,
            prefix=f"film-{item.pk}",
            initial=initial,
            shown=item,
            programme=programme,
        )
        form.prefilled_from = copied.screening if copied else None
        form.film_holder = film_holder
        forms_.append(form)
    return forms_


class ScopeForm(forms.Form):
    """Which of the film's screenings the terms are for: this one, those of its cinema
    week, or those of a run from one day to another (this screening's day among them)."""

    scope = forms.ChoiceField(
        label=_("Record these terms for"),
        choices=[(Scope.SCREENING, _("this screening"))],
        initial=Scope.SCREENING,
        required=False,  # none chosen: this screening
        widget=forms.RadioSelect,
    )
    first = forms.DateField(
        label=pgettext_lazy("run of screenings", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last = forms.DateField(
        label=pgettext_lazy("run of screenings", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, screening, **kwargs):
        self.screening = screening
        day = screening.local_start.date()
        week = screening.room.venue.week_of(day)
        kwargs.setdefault("initial", {"first": week.start, "last": week.end})
        super().__init__(*args, prefix="scope", **kwargs)
        self.week = week
        dates = {
            "start": formats.date_format(week.start, "l j F"),
            "end": formats.date_format(week.end, "l j F Y"),
        }
        if screening.screening_films.count() > 1:
            week_label = _("each film's screenings this cinema week, %(start)s to %(end)s")
            run_label = _("all of each film's screenings from one day to another")
        else:
            week_label = _("this film's screenings this cinema week, %(start)s to %(end)s")
            run_label = _("all this film's screenings from one day to another")
        self.fields["scope"].choices = [
            (Scope.SCREENING, _("this screening")),
            (Scope.WEEK, week_label % dates),
            (Scope.RUN, run_label),
        ]

    def clean_scope(self):
        return self.cleaned_data["scope"] or Scope.SCREENING

    def clean(self):
        data = super().clean()
        if data.get("scope") != Scope.RUN or self.errors:
            return data
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            for name in ("first", "last"):
                if data.get(name) is None:
                    self.add_error(name, _("Give the first and last days of the run."))
            return data
        day = self.screening.local_start.date()
        if first > last:
            self.add_error("last", _("The last day comes before the first."))
        elif last - first > LONGEST_RUN:
            self.add_error("last", _("A run lasts a year at most: record a longer one in parts."))
        elif not first <= day <= last:
            self.add_error(
                "first",
                _("The run must include this screening's day, %(day)s.")
                % {"day": formats.date_format(day, "j F Y")},
            )
        return data


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
