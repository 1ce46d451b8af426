"""What a programmer types on a checklist, a chosen slot, a reason to publish anyway:
every day through `lib.forms.DateField`, every id through `lib.forms.to_id`."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from clef.lib import forms as clef_forms
from clef.programming.checklists_services import LONGEST_REASON
from clef.programming.models import Checklist
from clef.venues.models import Room

TIME = re.compile(r"\A([01][0-9]|2[0-3]):([0-5][0-9])\Z", re.ASCII)


class ChecklistForm(forms.ModelForm):
    rights_requested_on = clef_forms.DateField(label=_("Rights requested on"), required=False)
    copy_received_on = clef_forms.DateField(label=_("Copy received on"), required=False)
    kdm_valid_from = clef_forms.DateField(label=_("Key (KDM) valid from"), required=False)
    kdm_valid_to = clef_forms.DateField(label=_("Key (KDM) valid until"), required=False)

    class Meta:
        model = Checklist
        fields = [
            "rights_requested_on",
            "copy_format",
            "copy_received_on",
            "kdm_valid_from",
            "kdm_valid_to",
            "subtitles_language",
            "subtitles_ready",
            "subtitles_by",
            "guest_name",
            "guest_confirmed",
            "guest_travel",
            "staff_ready",
            "poster_ready",
            "credit",
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("kdm_valid_from"), data.get("kdm_valid_to")
        if start and end and start > end:
            self.add_error("kdm_valid_to", _("The key's (KDM) first valid day is after its last."))
        return data


class TimeField(forms.Field):
    """A time of day written 20:30 in ASCII digits."""

    widget = forms.TextInput

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        found = TIME.match(text)
        if not found:
            raise forms.ValidationError(_("Write the time as 20:30."), code="invalid")
        return dt.time(int(found[1]), int(found[2]))


class SlotForm(forms.Form):
    room = forms.CharField(label=_("Room"))
    day = clef_forms.DateField(label=_("Day"))
    time = TimeField(label=_("Time"))

    def __init__(self, *args, venue, **kwargs):
        self.venue = venue
        super().__init__(*args, **kwargs)

    def clean_room(self):
        pk = clef_forms.to_id(self.cleaned_data["room"])
        room = Room.objects.filter(pk=pk, venue=self.venue).select_related("venue").first()
        if pk is None or room is None:
            raise forms.ValidationError(_("Choose one of the venue's rooms."), code="invalid")
        return room


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why publish it anyway"),
        max_length=LONGEST_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
