from django.contrib import admin

from clef.members.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: memberships touch money; they are made by the members' services."""

    list_display = ["season", "number", "person", "amount", "starts_on", "ends_on"]
    list_filter = ["season"]
    search_fields = ["person__username", "person__email", "person__last_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
