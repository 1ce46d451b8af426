import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clef.lib.actions import actions_on
from clef.lib.forms import FIRST_DAY, LAST_DAY, is_digits, is_euros_text


class _DateFiltersChecked(ChangeList):
    """Django's list, with a date filter out of ``lib.forms``' years (``?at__year=1``,
    ``?at__year=9999&at__month=12``, 30 digits, "٣") refused as a wrong filter is (the
    list again, with Django's message) rather than a server error."""

    def get_filters(self, request):
        if self.date_hierarchy:
            year = self.params.get(f"{self.date_hierarchy}__year")
            if year is not None and not _year_in_range(year):
                raise IncorrectLookupParameters(f"{self.date_hierarchy}__year")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


def _year_in_range(values):
    year = values[-1] if isinstance(values, list) else values
    return is_digits(year) and FIRST_DAY.year <= int(year[:5]) <= LAST_DAY.year


class DateFiltersChecked:
    """For every admin with a ``date_hierarchy`` (``ReadOnlyAdmin`` and
    ``ActionHistoryMixin`` include it)."""

    def get_changelist(self, request, **kwargs):
        return _DateFiltersChecked


class ReadOnlyAdmin(DateFiltersChecked, admin.ModelAdmin):
    """For records that touched money or people: shown in the back office, changed only
    by their app's services (a correction is a new record, never an edit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionHistoryMixin(DateFiltersChecked):
    """Lists on an object's page the actions logged on it, newest first ("who refunded
    this?"), read-only, under its own heading. Put it first in the admin's bases:
    ``class SaleAdmin(ActionHistoryMixin, ReadOnlyAdmin)``."""

    action_history_limit = 100

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "action_history" not in fields:
            fields.append("action_history")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # Django lists read-only fields in its default fieldset: the history goes last,
        # in its own.
        kept = [
            (title, {**options, "fields": [f for f in options["fields"] if f != "action_history"]})
            for title, options in fieldsets
        ]
        return [
            *kept,
            (_("History"), {"fields": ["action_history"], "classes": ["action-history"]}),
        ]

    @admin.display(description=_("Actions"))
    def action_history(self, obj):
        return render_to_string(
            "audit/history.html",
            {"actions": actions_on(obj, limit=self.action_history_limit)},
        )


class CheckedForm(forms.ModelForm):
    """Numbers in ASCII digits and days from 1900 to 2999, as clef reads them everywhere
    (the back office's own fields read "٣" as 3, and a deadline in year 1 is no instant
    the database can store)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            raw = str(self.data.get(self.add_prefix(name), "") or "").strip()
            # A DecimalField is an IntegerField too: asked first.
            decimal = isinstance(field, forms.DecimalField)
            if raw and decimal and not is_euros_text(raw):
                self.add_error(name, _("Type an amount with the digits 0 to 9, like 7.50."))
            whole = isinstance(field, forms.IntegerField) and not decimal
            if raw and whole and not is_digits(raw.removeprefix("-")):
                self.add_error(name, _("Type a whole number with the digits 0 to 9."))
            value = cleaned.get(name)
            day = value.date() if isinstance(value, dt.datetime) else value
            if isinstance(day, dt.date) and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(
                    name,
                    _("Choose a day from %(first)s to %(last)s.")
                    % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
                )
        return cleaned
