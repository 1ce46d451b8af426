from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clef.venues.models import Room, Venue


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["position", "name", "seats", "wheelchair_places", "cnc_number"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    inlines = [RoomInline]
    list_display = ["name", "city", "open_days"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "street",
                    "postcode",
                    "city",
                    "country",
                    "email",
                    "phone",
                    "cnc_number",
                ]
            },
        ),
        (_("Calendar"), {"fields": ["timezone", "open_days", "week_start"]}),
        (
            _("Visiting"),
            {
                "fields": [
                    "opening_hours",
                    "opening_hours_en",
                    "getting_there",
                    "getting_there_en",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Rates"),
            {
                "fields": [
                    "vat_rate",
                    "tsa_rate",
                    "tsa_rate_x",
                    "music_rights_rate",
                    "usual_rental_rate",
                ]
            },
        ),
        (
            _("Membership"),
            {
                "fields": [
                    "membership_floor",
                    "membership_ceiling",
                    "membership_solidarity",
                    "membership_validity",
                    "membership_months",
                    "season_start_month",
                ]
            },
        ),
        (
            _("Booking"),
            {
                "fields": [
                    "ticket_needs_membership",
                    "seats_per_booking",
                    "seats_per_person",
                    "door_hold_seats_per_person",
                    "price_ceiling",
                    "suggested_prices",
                    "online_quota_percent",
                    "cancel_cutoff_minutes",
                    "door_hold_minutes",
                    "payment_timeout_minutes",
                    "registration_confirm_minutes",
                    "till_block_percent",
                    "last_seats",
                ]
            },
        ),
    ]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "venue", "seats"]
    list_filter = ["venue"]
