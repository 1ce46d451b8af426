from django.contrib import admin

from clef.tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets touch money; they are made by the tickets' services."""

    list_display = ["series", "number", "screening", "price", "status"]
    list_filter = ["status", "series"]
    list_select_related = ["screening__room__venue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
