from django.contrib import admin

from clef.lib.admin import ReadOnlyAdmin
from clef.tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["series", "number", "screening", "price", "status"]
    list_filter = ["status", "series"]
    list_select_related = ["screening__room__venue"]
