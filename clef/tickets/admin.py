from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clef.lib.admin import ActionHistoryMixin, ReadOnlyAdmin
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry


class TicketInline(admin.TabularInline):
    model = Ticket
    fields = ["series", "number", "price", "status", "online", "checked_in_at", "cancelled_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    """Bookings touched money: shown, never edited here (cancelling is a service)."""

    inlines = [TicketInline]
    list_display = ["code", "screening", "person", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["code", "email", "person__username", "person__email", "person__last_name"]
    date_hierarchy = "created_at"
    list_select_related = ["screening__room__venue", "person"]


@admin.register(Ticket)
class TicketAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    list_display = ["__str__", "screening", "price", "status", "online", "checked_in_at"]
    list_filter = ["status", "online", "series"]
    search_fields = ["code", "=number", "booking__code", "booking__email"]
    list_select_related = ["screening__room__venue"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(admin.ModelAdmin):
    """Nothing here touched money: staff may take an address off a list."""

    list_display = ["email", "screening", "created_at", "offered_at", "offer_ends_at", "booked_at"]
    list_filter = [("offered_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "person__username"]
    list_select_related = ["screening__room__venue", "person"]
    raw_id_fields = ["screening", "person"]
    readonly_fields = ["created_at", "offered_at", "offer_ends_at", "booked_at"]

    def has_add_permission(self, request):
        # People join a list themselves, from the screening's page.
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Workshops are free: staff may correct a guardian's phone or a child's age."""

    list_display = [
        "child_first_name",
        "child_age",
        "screening",
        "guardian_name",
        "guardian_phone",
        "status",
        "photo_consent",
    ]
    list_filter = ["status", "photo_consent"]
    search_fields = ["child_first_name", "guardian_name", "guardian_email", "guardian_phone"]
    list_select_related = ["screening__room__venue", "person"]
    raw_id_fields = ["person"]
    # Moving a child to another workshop, or off its waiting list, goes through the
    # workshop's rules: not an edit here.
    readonly_fields = ["screening", "code", "status", "created_at", "cancelled_at"]
    fieldsets = [
        (None, {"fields": ["screening", "status", "code", "created_at", "cancelled_at"]}),
        (_("Child"), {"fields": ["child_first_name", "child_age"]}),
        (
            _("Guardian"),
            {
                "fields": [
                    "person",
                    "guardian_name",
                    "guardian_phone",
                    "guardian_email",
                    "photo_consent",
                    "language",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Registering goes through the workshop's rules (age, places, waiting list).
        return False
