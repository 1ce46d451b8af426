"""The action log in the back office: read, filtered and searched, never changed (not
even by a superuser)."""

import json

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clef.audit.models import Action
from clef.lib.admin import ReadOnlyAdmin


class NamePrefixFilter(admin.SimpleListFilter):
    """By what was done: an app (``boxoffice``), a kind of record (``boxoffice.sale``) or
    one action (``boxoffice.sale.made``)."""

    title = gettext_lazy("what")
    parameter_name = "what"

    def lookups(self, request, model_admin):
        names = Action.objects.order_by().values_list("name", flat=True).distinct()
        prefixes = set()
        for name in names:
            parts = name.split(".")
            prefixes.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
        return [(prefix, prefix) for prefix in sorted(prefixes)]

    def queryset(self, request, queryset):
        prefix = self.value()
        if not prefix:
            return queryset
        return queryset.filter(Q(name=prefix) | Q(name__startswith=prefix + "."))


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["when", "who", "name", "subject_display"]
    list_filter = [NamePrefixFilter, "at"]
    date_hierarchy = "at"
    search_fields = ["=subject_key"]
    search_help_text = gettext_lazy(
        "The key of a record: a sale's or a booking's code, a ticket's number "
        "(2026-000123), a payment's or a screening's number."
    )
    show_full_result_count = False
    fields = ["when", "who", "name", "subject_display", "details"]
    readonly_fields = fields

    def get_queryset(self, request):
        users = get_user_model()._default_manager.filter(pk=OuterRef("by_id"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                by_name=Subquery(users.values(get_user_model().USERNAME_FIELD)[:1]),
                # Whether the reader may open a person's page: the display methods below
                # get the row, not the request.
                may_see_people=Value(
                    request.user.has_perm("auth.view_user"), output_field=BooleanField()
                ),
            )
        )

    @admin.display(description=gettext_lazy("when"), ordering="at")
    def when(self, action):
        return date_format(timezone.localtime(action.at), "Y-m-d H:i:s")

    @admin.display(description=gettext_lazy("who"))
    def who(self, action):
        if action.by_id is None:
            return _("system")
        if action.by_name is None:
            return f"#{action.by_id}"
        if not action.may_see_people:
            return action.by_name
        user = get_user_model()._meta
        url = reverse(f"admin:{user.app_label}_{user.model_name}_change", args=[action.by_id])
        return format_html('<a href="{}">{}</a>', url, action.by_name)

    @admin.display(description=gettext_lazy("object"))
    def subject_display(self, action):
        return action.subject or "—"

    @admin.display(description=gettext_lazy("details"))
    def details(self, action):
        text = json.dumps(action.data, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)
