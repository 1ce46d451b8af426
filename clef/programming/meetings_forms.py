"""The forms of meetings and polls: a day and a time read by `lib.forms`, in the site's
zone, turned into UTC."""

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from clef.lib.forms import DateField, IntegerField
from clef.lib.timezones import local_to_utc
from clef.programming.models import Poll

CLOCK = re.compile(r"(?P<hour>[0-9]{1,2})[:h](?P<minute>[0-9]{2})")


def parse_clock(text):
    """ "19:30" or "19h30" as a time, or None."""
    found = CLOCK.fullmatch((text or "").strip())
    if not found:
        return None
    hour, minute = int(found["hour"]), int(found["minute"])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class WhenForm(forms.Form):
    day = DateField(label=_("Day"), help_text=_("Written as 2026-11-18."))
    time = forms.CharField(label=_("Time"), max_length=5, help_text=_("Written as 19:30."))

    def clean_time(self):
        time = parse_clock(self.cleaned_data["time"])
        if time is None:
            raise forms.ValidationError(_("Write the time as 19:30."))
        return time

    def when(self):
        return local_to_utc(self.cleaned_data["day"], self.cleaned_data["time"], settings.TIME_ZONE)


class MeetingForm(WhenForm):
    place = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.CharField(
        label=_("Facilitator (user name)"), max_length=150, required=False
    )

    def clean_facilitator(self):
        name = self.cleaned_data["facilitator"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No one has this user name."))
        return user


class PollForm(WhenForm):
    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Poll.Kind.choices)
    secret = forms.BooleanField(label=_("Secret vote"), required=False)
    results_after_vote = forms.BooleanField(
        label=_("Show the results to those who have voted"), required=False
    )
    choices = forms.CharField(
        label=_("Choices of a ranking, one a line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    winners = IntegerField(label=_("How many are chosen"), min_value=1, max_value=50, initial=1)

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        data["choice_list"] = lines
        if data.get("kind") == Poll.Kind.RANKING:
            if len(lines) < 2 or any(len(line) > 200 for line in lines):
                self.add_error("choices", _("A ranking needs two choices or more, one a line."))
            elif data.get("winners") and data["winners"] >= len(lines):
                self.add_error("winners", _("Choose fewer than the choices offered."))
        return data
