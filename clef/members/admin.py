from django.contrib import admin

from clef.lib.admin import ActionHistoryMixin, ReadOnlyAdmin
from clef.members.models import Membership


@admin.register(Membership)
class MembershipAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    list_display = [
        "__str__",
        "person",
        "status",
        "amount",
        "starts_on",
        "ends_on",
        "paid_at",
    ]
    list_filter = ["status", "season", "venue"]
    list_select_related = ["person"]
    search_fields = [
        "code",
        "person__username",
        "person__email",
        "person__first_name",
        "person__last_name",
    ]
    date_hierarchy = "created_at"
    show_full_result_count = False
