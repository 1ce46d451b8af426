"""The accounts in the back office: rights holders are managed here (their address is
where statements go); agreements are listed here and recorded from the screening's
agreements page; statements sent and their log are only shown (a correction is a new
version, made by sending again)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clef.accounting.models import (
    DistributorStatement,
    FilmRightsHolder,
    RightsAgreement,
    RightsHolder,
    StatementSending,
)
from clef.lib.actions import log_action
from clef.lib.admin import ReadOnlyAdmin
from clef.lib.money import format_euros


def _log_film_holder(request, link):
    log_action(
        "accounting.film_rights_holder.set",
        by=request.user,
        obj=link,
        film=link.film_id,
        holder=link.holder_id,
    )


class FilmRightsHolderInline(admin.TabularInline):
    """The films whose rights the holder holds (their next agreements are prefilled
    with it)."""

    model = FilmRightsHolder
    extra = 0
    autocomplete_fields = ["film"]
    fields = ["film", "updated_at"]
    readonly_fields = ["updated_at"]


@admin.register(RightsHolder)
class RightsHolderAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "email", "language"]
    search_fields = ["name", "contact_name", "email"]
    inlines = [FilmRightsHolderInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for link in getattr(formset, "new_objects", []) + [
            obj for obj, _fields in getattr(formset, "changed_objects", [])
        ]:
            _log_film_holder(request, link)


@admin.register(FilmRightsHolder)
class FilmRightsHolderAdmin(admin.ModelAdmin):
    """Each film's rights holder: set here or by recording an agreement."""

    list_display = ["film", "holder", "updated_at"]
    search_fields = ["film__title", "holder__name"]
    list_select_related = ["film", "holder"]
    autocomplete_fields = ["film", "holder"]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _log_film_holder(request, obj)


@admin.register(RightsAgreement)
class RightsAgreementAdmin(admin.ModelAdmin):
    list_display = ["film", "screening", "holder", "kind", "terms", "statement"]
    list_filter = ["kind", "holder"]
    search_fields = ["film__title", "holder__name"]
    list_select_related = ["film", "screening__room", "holder"]
    autocomplete_fields = ["holder"]
    raw_id_fields = ["screening", "film"]
    readonly_fields = ["updated_at", "updated_by"]

    @admin.display(description=_("terms"))
    def terms(self, agreement):
        return agreement.terms_text()

    @admin.display(description=_("statement"))
    def statement(self, agreement):
        url = reverse("accounting:screening", args=[agreement.screening_id])
        return format_html('<a href="{}">{}</a>', url, _("Statement"))

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class SendingInline(admin.TabularInline):
    model = StatementSending
    extra = 0
    can_delete = False
    fields = ["sent_at", "to", "language", "sent_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DistributorStatement)
class DistributorStatementAdmin(ReadOnlyAdmin):
    list_display = ["holder", "week_start", "version", "owed", "created_at", "page"]
    list_filter = ["holder"]
    date_hierarchy = "week_start"
    list_select_related = ["holder"]
    exclude = ["content"]
    inlines = [SendingInline]

    @admin.display(description=_("share owed"))
    def owed(self, statement):
        return format_euros(statement.total)

    @admin.display(description=_("page"))
    def page(self, statement):
        url = reverse(
            "accounting:distributor_statement",
            args=[statement.holder_id, statement.week_start.isoformat()],
        )
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(StatementSending)
class StatementSendingAdmin(ReadOnlyAdmin):
    list_display = ["statement", "to", "sent_at", "sent_by"]
    list_select_related = ["statement__holder", "sent_by"]
    date_hierarchy = "sent_at"
