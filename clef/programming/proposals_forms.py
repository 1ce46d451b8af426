"""The proposal's form, its typed film, the list's filters: every number, date and id
read through `lib.forms`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.accounting.models import RightsHolder
from clef.lib import forms as clef_forms
from clef.programme.models import Film
from clef.programming.models import Proposal, ProposedFilm
from clef.venues.models import Room

TEXT = 200
LONG_TEXT = 5000
RULE_CHOICES = [
    ("", _("Choose")),
    ("no", _("No, it is not shown in cinemas now")),
    ("yes", _("Yes, it is in cinemas now")),
]


class IdsField(forms.MultipleChoiceField):
    """Ids sent back by the page, read by `lib.forms.to_id`: "٣" names no row."""

    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def valid_value(self, value):
        return True

    def clean(self, value):
        values = super().clean(value) or []
        ids = [clef_forms.to_id(v) for v in values]
        if None in ids:
            raise forms.ValidationError(_("Choose among the listed items."), code="invalid")
        found = list(self.queryset.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise forms.ValidationError(_("Choose among the listed items."), code="invalid")
        return found


class IdField(forms.ChoiceField):
    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def valid_value(self, value):
        return True

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        pk = clef_forms.to_id(value)
        found = self.queryset.filter(pk=pk).first() if pk else None
        if found is None:
            raise forms.ValidationError(_("Choose among the listed items."), code="invalid")
        return found


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the proposal"), max_length=TEXT)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=Proposal.Kind.choices)
    reason = forms.CharField(
        label=_("Why this film?"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    films = IdsField(
        label=_("Films already in clef"),
        queryset=Film.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    wished_from = clef_forms.DateField(label=_("Wished from"), required=False)
    wished_to = clef_forms.DateField(label=_("Wished until"), required=False)
    wished_room = IdField(label=_("Wished room"), queryset=Room.objects.all(), required=False)
    in_cinemas_now = forms.ChoiceField(
        label=_("Is the film in cinemas now?"), choices=RULE_CHOICES, required=False
    )
    released_when = forms.CharField(
        label=_("When was it released in cinemas?"), max_length=100, required=False
    )
    # One typed film (a film not in clef yet).
    film_title = forms.CharField(label=_("Title"), max_length=TEXT, required=False)
    film_directors = forms.CharField(label=_("Directed by"), max_length=300, required=False)
    film_year = clef_forms.IntegerField(
        label=_("Year"), min_value=1880, max_value=2100, required=False
    )
    film_countries = forms.CharField(label=_("Countries"), max_length=TEXT, required=False)
    film_runtime = clef_forms.IntegerField(
        label=_("Runtime (minutes)"), min_value=1, max_value=999, required=False
    )
    film_languages = forms.CharField(label=_("Languages"), max_length=TEXT, required=False)
    film_versions = forms.CharField(
        label=_("Versions available (original, subtitled…)"), max_length=TEXT, required=False
    )
    film_formats = forms.MultipleChoiceField(
        label=_("Copy formats available"),
        choices=ProposedFilm.Format.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    film_rights_holder = IdField(
        label=_("Rights holder"), queryset=RightsHolder.objects.all(), required=False
    )
    film_rights_contact = forms.CharField(
        label=_("Or a contact for the rights"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["films"].choices = [(f.pk, str(f)) for f in Film.objects.only("title", "year")]
        self.fields["wished_room"].choices = [("", _("No preference"))] + [
            (r.pk, str(r)) for r in Room.objects.all()
        ]
        self.fields["film_rights_holder"].choices = [("", _("Unknown"))] + [
            (h.pk, h.name) for h in RightsHolder.objects.only("name")
        ]

    def clean(self):
        data = super().clean()
        typed = {
            name: data.get(f"film_{name}")
            for name in ("directors", "year", "countries", "runtime", "languages", "versions")
        }
        if not data.get("film_title") and any(typed.values()):
            self.add_error("film_title", _("Give the typed film its title."))
        start, end = data.get("wished_from"), data.get("wished_to")
        if start and end and end < start:
            self.add_error("wished_to", _("The wished period ends before it begins."))
        return data

    def values(self):
        data = self.cleaned_data
        rule = {"yes": True, "no": False}.get(data.get("in_cinemas_now"))
        return {
            "title": data["title"],
            "kind": data["kind"],
            "reason": data["reason"],
            "wished_from": data.get("wished_from"),
            "wished_to": data.get("wished_to"),
            "wished_room": data.get("wished_room"),
            "in_cinemas_now": rule,
            "released_when": data.get("released_when", ""),
        }

    def typed(self):
        data = self.cleaned_data
        if not data.get("film_title"):
            return []
        return [
            {
                "title": data["film_title"],
                "directors": data.get("film_directors", ""),
                "year": data.get("film_year"),
                "countries": data.get("film_countries", ""),
                "runtime": data.get("film_runtime"),
                "languages": data.get("film_languages", ""),
                "versions": data.get("film_versions", ""),
                "formats": list(data.get("film_formats") or []),
                "rights_holder": data.get("film_rights_holder"),
                "rights_contact": data.get("film_rights_contact", ""),
            }
        ]

    @classmethod
    def initial_of(cls, proposal):
        initial = {
            "title": proposal.title,
            "kind": proposal.kind,
            "reason": proposal.reason,
            "films": [f.pk for f in proposal.films.all()],
            "wished_from": proposal.wished_from,
            "wished_to": proposal.wished_to,
            "wished_room": proposal.wished_room_id or "",
            "in_cinemas_now": {True: "yes", False: "no"}.get(proposal.in_cinemas_now, ""),
            "released_when": proposal.released_when,
        }
        film = proposal.proposed_films.first()
        if film:
            for name in ("title", "directors", "year", "countries", "runtime", "languages",
                         "versions", "formats", "rights_contact"):  # fmt: skip
                initial[f"film_{name}"] = getattr(film, name)
            initial["film_rights_holder"] = film.rights_holder_id or ""
        return initial


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class FilterForm(forms.Form):
    """The list's filters, from the query string: a bad value is ignored, not a 500."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("proposals", "All")), *Proposal.Status.choices[1:]],
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        choices=[("", pgettext_lazy("proposals", "All")), *Proposal.Kind.choices],
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
