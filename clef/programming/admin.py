"""Collective programming in the back office: proposals are read and tidied here (their
films, comments), never moved from state to state: that is `proposals.change_status`,
from the proposal's page, which checks who may and tells the followers."""

from django.contrib import admin

from clef.lib.admin import ActionHistoryMixin
from clef.programming.models import Proposal, ProposalComment, ProposalEvent, ProposedFilm


class ProposedFilmInline(admin.StackedInline):
    model = ProposedFilm
    extra = 0
    autocomplete_fields = ["rights_holder"]


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    fields = ["author", "text", "created_at"]
    readonly_fields = ["author", "created_at"]


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    fields = ["at", "kind", "by", "from_status", "to_status", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ActionHistoryMixin, admin.ModelAdmin):
    list_display = ["title", "proposer", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "proposer__username", "proposer__first_name", "reason"]
    list_select_related = ["proposer"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["films"]
    raw_id_fields = ["proposer"]
    readonly_fields = ["status", "created_at", "submitted_at", "decided_at"]
    inlines = [ProposedFilmInline, ProposalCommentInline, ProposalEventInline]
