from django.contrib import admin

from clef.lib.admin import ActionHistoryMixin, ReadOnlyAdmin
from clef.payments.models import Payment, PaymentEvent


class PaymentEventInline(admin.TabularInline):
    """The payment's story: every change of its state, oldest first."""

    model = PaymentEvent
    fields = ["at", "status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ActionHistoryMixin, ReadOnlyAdmin):
    list_display = ["code", "created_at", "purpose", "method", "amount", "status", "person"]
    list_filter = ["status", "purpose", "method", "venue"]
    list_select_related = ["person"]
    search_fields = ["code", "reference", "person__username", "person__email"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [PaymentEventInline]
