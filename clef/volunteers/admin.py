"""The coordinator's back office: teams, trainings, their sessions, who holds what."""

from django.contrib import admin
from django.db import transaction

from clef.lib.actions import log_action
from clef.lib.admin import ActionHistoryMixin, CheckedForm, DateFiltersChecked
from clef.volunteers.models import (
    Qualification,
    SessionRegistration,
    ShadowShift,
    Team,
    Training,
    TrainingSession,
)
from clef.volunteers.qualifications import expiry_for


class LoggedAdmin(DateFiltersChecked, admin.ModelAdmin):
    """Every save and delete in one transaction with its line in the action log."""

    form = CheckedForm

    def _name(self, obj, verb):
        return f"volunteers.{obj._meta.model_name}.{verb}"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_action(
                self._name(obj, "changed" if change else "created"), by=request.user, obj=obj
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_action(self._name(obj, "deleted"), by=request.user, obj=obj)
            super().delete_model(request, obj)


@admin.register(Team)
class TeamAdmin(LoggedAdmin):
    list_display = ["position", "name", "name_en", "code", "lead"]
    list_display_links = ["name"]
    search_fields = ["name", "name_en", "code"]
    prepopulated_fields = {"code": ["name"]}
    raw_id_fields = ["lead"]


@admin.register(Training)
class TrainingAdmin(LoggedAdmin):
    list_display = ["position", "name", "name_en", "code", "valid_months", "shadow_shifts"]
    list_display_links = ["name"]
    search_fields = ["name", "name_en", "code"]
    filter_horizontal = ["teams"]
    prepopulated_fields = {"code": ["name"]}


class RegistrationInline(admin.TabularInline):
    model = SessionRegistration
    extra = 0
    fields = ["person", "registered_at", "attendance", "marked_by", "marked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ActionHistoryMixin, LoggedAdmin):
    list_display = ["starts_at", "training", "trainer", "capacity", "cancelled"]
    list_filter = ["training", "cancelled", "starts_at"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["trainer"]
    inlines = [RegistrationInline]


@admin.register(Qualification)
class QualificationAdmin(ActionHistoryMixin, LoggedAdmin):
    list_display = ["person", "training", "granted_on", "expires_on", "granted_by"]
    list_filter = ["training", "expires_on"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]
    raw_id_fields = ["person", "session"]
    readonly_fields = ["granted_by", "reminded_for"]

    def save_model(self, request, obj, form, change):
        """Granted by the coordinator: left empty, the expiry follows the training."""
        if obj.expires_on is None:
            obj.expires_on = expiry_for(obj.training, obj.granted_on)
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ShadowShift)
class ShadowShiftAdmin(LoggedAdmin):
    list_display = ["day", "person", "training", "confirmed_by"]
    list_filter = ["training"]
    raw_id_fields = ["person", "confirmed_by", "shift"]
