"""The coordinator's staffing template: for which screenings, and per team how many
people and when (minutes counted from the screening's start, the end from its end)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clef.lib import forms as clef_forms
from clef.programme.models import Screening
from clef.venues.models import Room


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    room = forms.ModelChoiceField(
        queryset=Room.objects.none(), label=_("Room"), required=False, empty_label=_("Every room")
    )
    kind = forms.ChoiceField(label=_("Kind of screening"), required=False)
    for_children = forms.BooleanField(label=_("For children's screenings"), required=False)

    def __init__(self, *args, venue, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = teams
        self.fields["room"].queryset = Room.objects.filter(venue=venue)
        self.fields["kind"].choices = [("", _("Every kind")), *Screening.Kind.choices]
        for team in teams:
            name = team.localized_name()
            self.fields[f"places_{team.code}"] = clef_forms.IntegerField(
                label=_("%(team)s: people") % {"team": name}, max_value=50, initial=0
            )
            self.fields[f"start_{team.code}"] = clef_forms.IntegerField(
                label=_("%(team)s: starts, minutes before the screening") % {"team": name},
                max_value=720,
                initial=30,
            )
            self.fields[f"end_{team.code}"] = clef_forms.IntegerField(
                label=_("%(team)s: ends, minutes after the screening") % {"team": name},
                max_value=720,
                initial=15,
            )
            self.fields[f"arrive_{team.code}"] = clef_forms.IntegerField(
                label=_("%(team)s: arrives, minutes before the shift") % {"team": name},
                max_value=240,
                initial=15,
            )

    def team_rows(self):
        """Per team its four fields, for the page's table."""
        return [
            (
                team,
                [self[f"{part}_{team.code}"] for part in ("places", "start", "end", "arrive")],
            )
            for team in self.teams
        ]

    def needs(self):
        data = self.cleaned_data
        return [
            {
                "team": team,
                "places": data[f"places_{team.code}"],
                "start_offset": -data[f"start_{team.code}"],
                "end_offset": data[f"end_{team.code}"],
                "arrive_before": data[f"arrive_{team.code}"],
            }
            for team in self.teams
            if data.get(f"places_{team.code}")
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not self.needs():
            raise forms.ValidationError(_("Give at least one team a number of people."))
        return data
