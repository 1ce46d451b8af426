"""The till in the back office: the bar's catalogue and the tills are managed here; what
touched money (sessions, sales, the journal, closings, ticket statements) is only shown.
A mistake in a sale is corrected at the till by a reversing sale, never here."""

import json
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clef.boxoffice.models import (
    Closing,
    JournalEntry,
    OfflineConflict,
    Product,
    Sale,
    SaleLine,
    TicketStatement,
    Till,
    TillSession,
)
from clef.lib.actions import log_action
from clef.lib.admin import ActionHistoryMixin, ReadOnlyAdmin
from clef.lib.forms import is_digits
from clef.lib.money import format_euros
from clef.venues.queries import current_venue


def _euros(amount):
    return "—" if amount is None else format_euros(amount)


# --- the bar's catalogue ----------------------------------------------------------------
# No "%" in it: Django formats the message of an invalid choice with the value typed.
NO_VAT_RATE = _("Choose the VAT rate from the list: the till sells nothing without one.")
# Up to this many digits, a search is a sequence number; longer, the start of a hash.
SEQUENCE_DIGITS = 9


class ProductForm(forms.ModelForm):
    """The catalogue's rules, in the edit form and in the list's editable columns: a
    product has a VAT rate (the till refuses to sell one without) and a price of 0 or
    more."""

    class Meta:
        model = Product
        fields = ["venue", "name", "name_en", "price", "vat_rate", "active", "position"]
        error_messages = {
            "vat_rate": {"required": NO_VAT_RATE, "invalid_choice": NO_VAT_RATE},
        }

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("A price cannot be below 0."), code="negative")
        return price


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    list_display = ["name", "name_en", "price", "vat_rate", "active", "position"]
    list_editable = ["price", "vat_rate", "active", "position"]
    list_filter = ["active", "vat_rate"]
    search_fields = ["name", "name_en"]
    list_select_related = ["venue"]
    actions = ["put_on_sale", "take_off_sale"]
    fields = ["venue", "name", "name_en", "price", "vat_rate", "active", "position"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "venue" not in initial:
            venue = _venue_or_none()
            if venue is not None:
                initial["venue"] = venue.pk
        return initial

    def get_changelist_form(self, request, **kwargs):
        # The list's editable columns keep the same rules as the edit form.
        kwargs.setdefault("form", ProductForm)
        return super().get_changelist_form(request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            "boxoffice.product.changed" if change else "boxoffice.product.added",
            by=request.user,
            product=obj.pk,
            product_name=obj.name,
            price=obj.price,
            vat_rate=obj.vat_rate,
            active=obj.active,
        )

    @admin.action(description=_("Put on sale"), permissions=["change"])
    def put_on_sale(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Take off sale"), permissions=["change"])
    def take_off_sale(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active):
        changed = list(queryset.exclude(active=active).values_list("pk", flat=True))
        Product.objects.filter(pk__in=changed).update(active=active)
        for pk in changed:
            log_action("boxoffice.product.changed", by=request.user, product=pk, active=active)
        if active:
            text = ngettext(
                "%(count)d product put on sale.", "%(count)d products put on sale.", len(changed)
            )
        else:
            text = ngettext(
                "%(count)d product taken off sale.",
                "%(count)d products taken off sale.",
                len(changed),
            )
        self.message_user(request, text % {"count": len(changed)}, messages.SUCCESS)


def _venue_or_none():
    try:
        return current_venue()
    except Exception:  # no venue set up yet: the form asks for one
        return None


@admin.register(Till)
class TillAdmin(admin.ModelAdmin):
    list_display = ["name", "venue", "ticket_series", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    list_select_related = ["venue"]
    fields = ["venue", "name", "ticket_series", "active"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "venue" not in initial and (venue := _venue_or_none()) is not None:
            initial["venue"] = venue.pk
        return initial

    def has_delete_permission(self, request, obj=None):
        # A till that took money stays, out of use: its sessions point at it.
        if obj is not None and obj.sessions.exists():
            return False
        return super().has_delete_permission(request, obj)


# --- what the till wrote: shown, never changed -------------------------------------------
@admin.register(TillSession)
class TillSessionAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    list_display = [
        "till",
        "cashier",
        "opened_at",
        "closed_at",
        "float_display",
        "expected_display",
        "counted_display",
        "difference_display",
        "report_link",
    ]
    list_filter = ["till", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["till__name", "cashier__username", "cashier__last_name", "comment"]
    list_select_related = ["till", "cashier", "venue"]
    date_hierarchy = "opened_at"
    show_full_result_count = False
    readonly_fields = ["report_link"]
    fields = [
        "till",
        "venue",
        "cashier",
        "opened_at",
        "opening_float",
        "closed_at",
        "closed_by",
        "expected",
        "counted",
        "difference",
        "counted_detail",
        "comment",
        "report_link",
    ]

    @admin.display(description=_("float"), ordering="opening_float")
    def float_display(self, session):
        return _euros(session.opening_float)

    @admin.display(description=_("cash expected"), ordering="expected")
    def expected_display(self, session):
        return _euros(session.expected)

    @admin.display(description=_("cash counted"), ordering="counted")
    def counted_display(self, session):
        return _euros(session.counted)

    @admin.display(description=_("difference"), ordering="difference")
    def difference_display(self, session):
        return _euros(session.difference)

    @admin.display(description=_("Report"))
    def report_link(self, session):
        url = reverse("boxoffice:session_report", args=[session.pk])
        return format_html('<a href="{}">{}</a>', url, _("Report"))


class SaleLineInline(admin.TabularInline):
    model = SaleLine
    fields = [
        "position",
        "kind",
        "label",
        "quantity",
        "unit_price",
        "amount",
        "vat_rate",
        "ticket",
        "membership",
        "product",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ticket", "membership", "product")


@admin.register(Sale)
class SaleAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    inlines = [SaleLineInline]
    list_display = [
        "code",
        "created_at",
        "session",
        "cashier",
        "method",
        "total_display",
        "reverses",
    ]
    list_filter = ["method", "session__till", ("reverses", admin.EmptyFieldListFilter)]
    search_fields = ["code", "idempotency_key", "cashier__username", "person__username"]
    list_select_related = ["session__till", "session__venue", "cashier", "reverses"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = [
        "code",
        "created_at",
        "session",
        "venue",
        "cashier",
        "person",
        "method",
        "total",
        "tendered",
        "change",
        "reverses",
        "idempotency_key",
    ]

    @admin.display(description=_("total"), ordering="total")
    def total_display(self, sale):
        return _euros(sale.total)


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "recorded_at", "kind", "till", "total", "short_hash"]
    list_filter = ["kind", "venue"]
    search_fields = ["hash"]
    search_help_text = _("A sequence number, or the start of a hash (at least 6 characters).")
    list_select_related = ["session__till"]
    date_hierarchy = "recorded_at"
    show_full_result_count = False
    ordering = ["-sequence"]
    fields = [
        "venue",
        "sequence",
        "recorded_at",
        "kind",
        "session",
        "sale",
        "previous_hash",
        "hash",
        "body",
    ]

    def get_search_results(self, request, queryset, search_term):
        """The exact sequence number, or the start of a hash as printed on a receipt."""
        term = search_term.strip().lower()
        if not term:
            return queryset, False
        if is_digits(term) and len(term) <= SEQUENCE_DIGITS:
            return queryset.filter(sequence=int(term)), False
        if len(term) >= 6 and all(c in "0123456789abcdef" for c in term):
            return queryset.filter(hash__startswith=term), False
        return queryset.none(), False

    @admin.display(description=_("till"))
    def till(self, entry):
        if entry.session_id:
            return entry.session.till.name
        return _body(entry).get("till") or "—"

    @admin.display(description=_("total"))
    def total(self, entry):
        value = _body(entry).get("total")
        if value is None:
            return "—"
        try:
            return format_euros(Decimal(value))
        except (ArithmeticError, ValueError, TypeError):
            return str(value)

    @admin.display(description=_("hash"), ordering="hash")
    def short_hash(self, entry):
        return format_html('<code title="{}">{}…</code>', entry.hash, entry.hash[:12])


def _body(entry):
    try:
        body = json.loads(entry.body)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@admin.register(Closing)
class ClosingAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "period_start",
        "period_end",
        "first_sequence",
        "last_sequence",
        "total_display",
        "cumulative_display",
    ]
    list_filter = ["kind", "venue"]
    search_fields = ["=first_sequence", "=last_sequence"]
    list_select_related = ["venue"]
    date_hierarchy = "period_start"
    show_full_result_count = False

    @admin.display(description=_("total"), ordering="total")
    def total_display(self, closing):
        return _euros(closing.total)

    @admin.display(description=_("grand total"), ordering="cumulative")
    def cumulative_display(self, closing):
        return _euros(closing.cumulative)


@admin.register(TicketStatement)
class TicketStatementAdmin(ReadOnlyAdmin):
    list_display = [
        "screening",
        "first_number",
        "issued",
        "presales",
        "cancelled",
        "takings_display",
        "fixed_at",
    ]
    list_filter = ["series", "venue"]
    list_select_related = ["screening__room__venue"]
    date_hierarchy = "fixed_at"
    show_full_result_count = False

    @admin.display(description=_("takings"), ordering="takings")
    def takings_display(self, statement):
        return _euros(statement.takings)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("screening__screening_films__film")


@admin.register(OfflineConflict)
class OfflineConflictAdmin(ReadOnlyAdmin):
    """Sales a till made offline that the server could not write: settled by a person
    (a refund, a sale), never edited."""

    list_display = ["recorded_at", "till", "cashier", "sequence", "sold_at", "code", "message"]
    list_filter = ["code", "till"]
    list_select_related = ["till", "cashier"]
    date_hierarchy = "recorded_at"
    fields = [
        "till",
        "session",
        "cashier",
        "key",
        "sequence",
        "sold_at",
        "code",
        "message",
        "sent",
        "voided_display",
        "recorded_at",
    ]
    readonly_fields = ["voided_display"]

    @admin.display(description=_("ticket numbers voided"))
    def voided_display(self, conflict):
        return ", ".join(conflict.voided) or "—"
