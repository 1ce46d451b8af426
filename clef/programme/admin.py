from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clef.lib.admin import ActionHistoryMixin
from clef.lib.refusals import Refused
from clef.programme import posters, services
from clef.programme.models import Cycle, Film, Screening, ScreeningFilm


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "original_title", "directors", "year", "runtime", "visa_number"]
    search_fields = ["title", "original_title", "directors", "visa_number"]
    list_filter = ["x_rated"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "original_title",
                    "slug",
                    "directors",
                    "year",
                    "countries",
                    "runtime",
                    "languages",
                ]
            },
        ),
        (_("Synopsis"), {"fields": ["synopsis", "synopsis_en"]}),
        (_("Poster"), {"fields": ["poster"]}),
        (
            _("Rights and declaration"),
            {"fields": ["rights_holder_note", "visa_number", "no_visa", "x_rated"]},
        ),
    ]
    readonly_fields = ["rights_holder_note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "poster" in form.changed_data:
            posters.make_renditions(obj)

    @admin.display(description=_("rights holder"))
    def rights_holder_note(self, film):
        """The film's rights holder is kept by the accounts (the programme does not import
        them): shown here through the reverse link, set on the accounts' side."""
        link = getattr(film, "rights_holding", None) if film.pk else None
        if link is None:
            url = reverse("admin:accounting_filmrightsholder_add")
            query = f"?film={film.pk}" if film.pk else ""
            return format_html(
                '{} <a href="{}{}">{}</a>', _("Not set."), url, query, _("Set it in the accounts")
            )
        url = reverse("admin:accounting_filmrightsholder_change", args=[link.pk])
        return format_html(
            '{} · <a href="{}">{}</a>', link.holder.name, url, _("Change it in the accounts")
        )


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "title_en", "for_children"]
    search_fields = ["title", "title_en"]
    list_filter = ["for_children"]
    prepopulated_fields = {"slug": ["title"]}


class ScreeningFilmFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Screening.Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("film") and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise forms.ValidationError(
                _(
                    "A published screening shows at least one film: add it below, or keep "
                    "the screening as a draft."
                ),
                code="no_film",
            )


class ScreeningFilmInline(admin.TabularInline):
    model = ScreeningFilm
    formset = ScreeningFilmFormSet
    extra = 1
    autocomplete_fields = ["film"]
    fields = ["position", "film", "version", "subtitles"]


def _refusal_with_checklist(refused):
    """A publication refused, with a link to the screening's checklist (named by its URL:
    the programme does not import programming), where the commission may publish anyway."""
    screening = getattr(refused, "screening", None)
    if screening is None:
        return refused.message
    url = reverse("programming:checklist", args=[screening.pk])
    return format_html('{} <a href="{}">{}</a>', refused.message, url, _("Open its checklist"))


class ScreeningForm(forms.ModelForm):
    def _post_clean(self):
        """Publishing here asks what publishing anywhere asks (the registered checks, such
        as the programming's checklist), on the screening as typed."""
        was = Screening.objects.filter(pk=self.instance.pk).values_list("status", flat=True)
        super()._post_clean()
        publishing = self.cleaned_data.get("status") == Screening.Status.PUBLISHED
        if publishing and self.instance.pk and was.first() != Screening.Status.PUBLISHED:
            missing = services.publication_problems(self.instance)
            if missing:
                self.add_error(
                    "status",
                    _("It cannot be published yet: %(missing)s.") % {"missing": "; ".join(missing)},
                )


class SeriesForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Number of weeks"),
        min_value=1,
        max_value=services.MAX_SERIES_WEEKS,
        initial=4,
        help_text=_("Copies are made as drafts, at the same time each week."),
    )


@admin.register(Screening)
class ScreeningAdmin(ActionHistoryMixin, admin.ModelAdmin):
    form = ScreeningForm
    inlines = [ScreeningFilmInline]
    list_display = ["starts_at", "display_title", "room", "kind", "status", "cycle", "seats_link"]
    list_filter = [
        "status",
        "kind",
        "room",
        "cycle",
        "for_children",
        "pricing",
        "sdh",
        "audio_description",
    ]
    search_fields = ["title", "title_en", "films__title", "films__directors", "guests"]
    date_hierarchy = "starts_at"
    list_select_related = ["room__venue", "cycle"]
    autocomplete_fields = ["cycle"]
    raw_id_fields = ["programmer"]
    actions = ["duplicate", "publish", "cancel"]

    @admin.display(description=_("Seats and bookings"))
    def seats_link(self, screening):
        # Named by address only: the programme does not import the tickets app.
        url = reverse("tickets:screening_overview", args=[screening.pk])
        return format_html('<a href="{}">{}</a>', url, _("Seats and bookings"))

    fieldsets = [
        (None, {"fields": ["room", "starts_at", "duration", "status", "programmer"]}),
        (
            _("What is shown"),
            {
                "fields": [
                    "title",
                    "title_en",
                    "kind",
                    "cycle",
                    "for_children",
                    "guests",
                    "description",
                    "description_en",
                ]
            },
        ),
        (_("Price and access"), {"fields": ["pricing", "sdh", "audio_description", "wheelchair"]}),
        (_("Booking"), {"fields": ["online_quota", "age_min", "age_max"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("screening_films__film")

    @admin.display(description=_("title"))
    def display_title(self, screening):
        return screening.display_title

    def get_urls(self):
        return [
            path(
                "<int:pk>/series/",
                self.admin_site.admin_view(self.series_view),
                name="programme_screening_series",
            ),
            *super().get_urls(),
        ]

    def series_view(self, request, pk):
        screening = get_object_or_404(Screening, pk=pk)
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = SeriesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                copies = services.create_weekly_series(
                    screening, weeks=form.cleaned_data["weeks"], by=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d screening created as a draft.",
                        "%(count)d screenings created as drafts.",
                        len(copies),
                    )
                    % {"count": len(copies)},
                    messages.SUCCESS,
                )
                return redirect("admin:programme_screening_changelist")
        return TemplateResponse(
            request,
            "admin/programme/screening/series.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": screening,
                "form": form,
                "title": _("Repeat every week"),
            },
        )

    @admin.action(description=_("Duplicate a week later (as drafts)"), permissions=["add"])
    def duplicate(self, request, queryset):
        made = []
        for screening in queryset:
            try:
                made.append(services.duplicate_screening(screening, by=request.user))
            except ValidationError as error:
                problem = " ".join(error.messages)
                self.message_user(
                    request,
                    _("%(when)s: %(problem)s") % {"when": screening, "problem": problem},
                    messages.ERROR,
                )
        if len(made) == 1:
            return redirect(reverse("admin:programme_screening_change", args=[made[0].pk]))
        if made:
            self.message_user(
                request,
                ngettext("%(count)d copy made.", "%(count)d copies made.", len(made))
                % {"count": len(made)},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        try:
            changed = services.set_status(queryset, Screening.Status.PUBLISHED, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        except Refused as refused:
            self.message_user(request, _refusal_with_checklist(refused), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d screening published.", "%(count)d screenings published.", len(changed)
            )
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel"), permissions=["change"])
    def cancel(self, request, queryset):
        """Cancel screenings still to come with no ticket standing. One already started
        is refused; one with tickets is cancelled on the box office's page, which
        refunds them and tells their holders (named by its URL: the programme does not
        know the till)."""
        now = timezone.now()
        for screening in queryset.filter(starts_at__lte=now):
            self.message_user(
                request,
                _("“%(screening)s” has started or been held: it cannot be cancelled.")
                % {"screening": screening},
                messages.ERROR,
            )
        coming = queryset.filter(starts_at__gt=now)
        # The statuses of a ticket that takes a seat (tickets.Ticket.SEATED).
        sold = coming.filter(tickets__status__in=["booked", "paid", "checked_in"]).distinct()
        for screening in sold:
            self.message_user(
                request,
                format_html(
                    _(
                        '“{screening}” has tickets sold: <a href="{url}">cancel it on this '
                        "page</a>, which refunds them and tells their holders."
                    ),
                    screening=screening,
                    url=reverse("boxoffice:cancel_screening", args=[screening.pk]),
                ),
                messages.WARNING,
            )
        free = coming.exclude(pk__in=sold.values("pk")).values_list("pk", flat=True)
        changed = services.set_status(
            Screening.objects.filter(pk__in=list(free)), Screening.Status.CANCELLED, by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d screening cancelled.", "%(count)d screenings cancelled.", len(changed)
            )
            % {"count": len(changed)},
            messages.SUCCESS,
        )
