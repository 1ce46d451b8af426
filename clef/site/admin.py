from django.contrib import admin

from clef.site.models import Commission, Page, TimelineEntry


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
