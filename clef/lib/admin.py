from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clef.lib.actions import actions_on
from clef.lib.forms import FIRST_DAY, LAST_DAY, is_digits


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
