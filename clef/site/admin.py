from django.contrib import admin

from clef.site.models import Commission, LetterReader, Page, TimelineEntry


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "title_en"]
    search_fields = ["title", "title_en", "text"]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "name_en"]
    list_display_links = ["name"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "title_en", "updated_at"]
    search_fields = ["title", "body"]


@admin.register(LetterReader)
class LetterReaderAdmin(admin.ModelAdmin):
    """Who reads the weekly letter. Readers ask and leave by themselves (``site.letter``):
    staff only look."""

    list_display = ["email", "language", "asked_at", "confirmed_at", "left_at"]
    list_filter = ["language"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
