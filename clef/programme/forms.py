from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.programme.models import Cycle, Screening
from clef.venues.models import Room

KIND_FILTERS = [
    ("", _("All kinds")),
    (Screening.Kind.SCREENING, pgettext_lazy("filter", "Screenings")),
    (Screening.Kind.DEBATE, pgettext_lazy("filter", "Debates")),
    (Screening.Kind.WORKSHOP, pgettext_lazy("filter", "Workshops")),
    ("children", pgettext_lazy("filter", "For children")),
]
ACCESS_FILTERS = [
    ("sdh", _("Subtitles for the deaf and hard of hearing")),
    ("ad", _("Audio description")),
    ("wheelchair", _("Wheelchair access")),
]


class ProgrammeFilterForm(forms.Form):
    """The programme's filters, read from the query string. Bad values are refused."""

    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All cycles"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_FILTERS, required=False)
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("All rooms")
    )
    access = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=ACCESS_FILTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.order_by("title")
        self.fields["cycle"].label_from_instance = lambda cycle: cycle.localized_title()
        self.fields["room"].queryset = venue.rooms.all()

    @property
    def active(self):
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)

    def ignored(self):
        """The labels of the filters whose value was not understood, left out."""
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]
