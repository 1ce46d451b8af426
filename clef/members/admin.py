from django.contrib import admin

from clef.lib.admin import ReadOnlyAdmin
from clef.members.models import Membership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["season", "number", "person", "amount", "starts_on", "ends_on"]
    list_filter = ["season"]
    search_fields = ["person__username", "person__email", "person__last_name"]
