from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that touched money or people: shown in the back office, changed only
    by their app's services (a correction is a new record, never an edit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
