"""The coordinator's one-off shift: a team, a day, times in the venue's zone."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from clef.lib import forms as clef_forms
from clef.lib.timezones import local_to_utc
from clef.volunteers.models import Team

TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:h]([0-5][0-9])$")


class TimeField(forms.CharField):
    """A wall-clock time written 20:30 (or 20h30), ASCII digits only."""

    default_error_messages = {"invalid": _("Write the time as 20:30.")}

    def __init__(self, **kwargs):
        super().__init__(max_length=5, **kwargs)

    def clean(self, value):
        text = (value or "").strip()[:20]
        if not text and not self.required:
            return None
        match = TIME.match(text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(int(match[1]), int(match[2]))


class OneOffShiftForm(forms.Form):
    # By code, never by a typed id.
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), to_field_name="code", label=_("Team")
    )
    title = forms.CharField(label=_("What for"), max_length=200)
    day = clef_forms.DateField(label=_("Day"), help_text=_("Like 2026-11-18."))
    starts = TimeField(label=_("Starts at"))
    ends = TimeField(label=_("Ends at"))
    arrive = TimeField(label=_("Arrive at"), required=False)
    places = clef_forms.IntegerField(label=_("People"), min_value=1, max_value=50, initial=1)

    def __init__(self, *args, venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue = venue

    def shift_fields(self):
        data, zone = self.cleaned_data, self.venue.timezone
        starts_at = local_to_utc(data["day"], data["starts"], zone)
        ends_at = local_to_utc(data["day"], data["ends"], zone)
        arrive_at = local_to_utc(data["day"], data["arrive"], zone) if data["arrive"] else None
        return {
            "team": data["team"],
            "title": data["title"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "arrive_at": arrive_at,
            "places": data["places"],
        }
