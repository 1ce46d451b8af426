from django.contrib import admin, messages
from django.utils.translation import gettext as _

from clef.api.models import ApiToken, new_key
from clef.lib.actions import log_action


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        # A token is not edited: it is made, shown once, and deleted when no longer used.
        if obj is not None:
            return ["user", "name", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, obj.key_hash = new_key()
        super().save_model(request, obj, form, change)
        log_action("api.token.issued", by=request.user, user=obj.user.get_username(), token=obj.pk)
        messages.warning(
            request,
            _("Copy this token now, it will not be shown again: %(token)s") % {"token": token},
        )

    def delete_model(self, request, obj):
        log_action("api.token.revoked", by=request.user, user=obj.user.get_username(), token=obj.pk)
        super().delete_model(request, obj)
