"""Fundraising in the back office, for the treasurer: the legal bodies (what receipts
print), the campaigns with their loans and counterparts, the patrons. Each form runs the
services' checks (a deadline in the past, a negative rate, a counterpart over the cap are
refused with the reason), and each save is logged."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clef.fundraising.campaigns import CampaignRefused, check_amount, check_campaign, check_loan
from clef.fundraising.counterparts import BadCounterpart, check_counterpart
from clef.fundraising.models import Campaign, Counterpart, LegalBody, Loan, Patron
from clef.lib.actions import log_action
from clef.lib.admin import CheckedForm

MEGABYTE = 1024 * 1024
LARGEST_IMAGE = 10 * MEGABYTE  # a campaign's image, as a film's poster
LARGEST_SIGNATURE = 1 * MEGABYTE  # printed on every receipt: a small PNG
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _too_big(upload, largest, message):
    """A new file over ``largest`` bytes: refused with its size (``message`` names the
    size as ``%(size)s`` MB)."""
    if getattr(upload, "size", 0) > largest:
        raise ValidationError(
            message, params={"size": upload.size // MEGABYTE}, code="file_too_big"
        )


def _checked(check, **values):
    try:
        check(**values)
    except (CampaignRefused, BadCounterpart) as refused:
        raise ValidationError(refused.message, code=refused.code) from None


class LegalBodyForm(forms.ModelForm):
    class Meta:
        model = LegalBody
        fields = [
            "kind",
            "name",
            "address",
            "siren",
            "rna",
            "object",
            "article",
            "signer_name",
            "signer_role",
            "signature",
        ]

    def clean_signature(self):
        signature = self.cleaned_data.get("signature")
        if "signature" in self.changed_data and signature:
            _too_big(
                signature,
                LARGEST_SIGNATURE,
                _("This file is %(size)s MB: a signature is at most 1 MB."),
            )
        image = getattr(signature, "image", None)
        if image is not None and image.format != "PNG":
            raise ValidationError(_("The signature must be a PNG image."), code="signature_png")
        return signature


@admin.register(LegalBody)
class LegalBodyAdmin(admin.ModelAdmin):
    form = LegalBodyForm
    list_display = ["name", "kind", "siren", "rna"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "address", "siren", "rna", "object"]}),
        (_("On receipts"), {"fields": ["article", "signer_name", "signer_role", "signature"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            "fundraising.legalbody.changed" if change else "fundraising.legalbody.added",
            by=request.user,
            obj=obj,
            fields=",".join(form.changed_data),
        )


class LoanForm(CheckedForm):
    class Meta:
        model = Loan
        fields = ["lender", "amount", "rate", "years", "guaranteed_share", "guarantor", "starts_on"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            _checked(
                check_loan,
                amount=data.get("amount"),
                rate=data.get("rate"),
                years=data.get("years"),
                guaranteed_share=data.get("guaranteed_share"),
            )
        return data


class CounterpartForm(CheckedForm):
    class Meta:
        model = Counterpart
        fields = ["name", "name_en", "minimum_gift", "declared_value", "stock"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            _checked(
                check_counterpart,
                minimum_gift=data.get("minimum_gift"),
                declared_value=data.get("declared_value"),
                stock=data.get("stock"),
            )
        return data


class LoanInline(admin.StackedInline):
    model = Loan
    form = LoanForm
    extra = 0


class CounterpartInline(admin.TabularInline):
    model = Counterpart
    form = CounterpartForm
    extra = 0


class CampaignForm(CheckedForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "title_en",
            "slug",
            "body",
            "opens_on",
            "deadline",
            "goal",
            "patronage_goal",
            "crowdfunding_goal",
            "text",
            "text_en",
            "uses",
            "uses_en",
            "image",
            "image_alt",
            "image_alt_en",
        ]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if "image" not in self.changed_data or not image:
            return image
        _too_big(
            image,
            LARGEST_IMAGE,
            _("This file is %(size)s MB: a campaign’s image is at most 10 MB."),
        )
        kind = getattr(getattr(image, "image", None), "format", None)
        if kind not in IMAGE_FORMATS:
            raise ValidationError(
                _("A campaign’s image is a JPEG, PNG or WebP picture, not %(kind)s."),
                params={"kind": kind},
                code="campaign_image_format",
            )
        return image

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if self.instance.pk is None:
            _checked(
                check_campaign,
                goal=data.get("goal"),
                deadline=data.get("deadline"),
                opens_on=data.get("opens_on"),
                patronage_goal=data.get("patronage_goal"),
                crowdfunding_goal=data.get("crowdfunding_goal"),
            )
        else:
            # A past campaign stays editable (its texts); its amounts are still checked.
            for name, label in (
                ("goal", _("The goal")),
                ("patronage_goal", _("The patronage goal")),
                ("crowdfunding_goal", _("The crowdfunding goal")),
            ):
                if data.get(name) is not None or name == "goal":
                    _checked(
                        check_amount, value=data.get(name), code=f"campaign_{name}", label=label
                    )
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ["title", "slug", "goal", "opens_on", "deadline", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LoanInline, CounterpartInline]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "body", "opens_on", "deadline"]}),
        (_("Goals"), {"fields": ["goal", "patronage_goal", "crowdfunding_goal"]}),
        (_("Texts"), {"fields": ["text", "text_en", "uses", "uses_en"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_alt_en"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            "fundraising.campaign.changed" if change else "fundraising.campaign.created",
            by=request.user,
            obj=obj,
            campaign=obj.slug,
            fields=",".join(form.changed_data),
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        name = formset.model._meta.model_name
        for obj in formset.new_objects:
            log_action(f"fundraising.{name}.added", by=request.user, obj=obj)
        for obj, fields in formset.changed_objects:
            log_action(
                f"fundraising.{name}.changed", by=request.user, obj=obj, fields=",".join(fields)
            )
        for _obj in formset.deleted_objects:
            log_action(f"fundraising.{name}.deleted", by=request.user, campaign=form.instance.slug)


class PatronForm(CheckedForm):
    class Meta:
        model = Patron
        fields = [
            "campaign",
            "kind",
            "name",
            "siren",
            "contact",
            "email",
            "address",
            "pledged",
            "agreement_signed_on",
            "agreement",
            "show_name",
            "notes",
        ]

    def clean_pledged(self):
        pledged = self.cleaned_data.get("pledged")
        _checked(check_amount, value=pledged, code="patron_pledged", label=_("The amount pledged"))
        return pledged


@admin.register(Patron)
class PatronAdmin(admin.ModelAdmin):
    form = PatronForm
    list_display = ["name", "kind", "campaign", "pledged", "agreement_signed_on"]
    list_filter = ["campaign", "kind"]
    search_fields = ["name", "contact", "email"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.campaign.save(update_fields=["updated_at"])
        log_action(
            "fundraising.patron.changed" if change else "fundraising.patron.added",
            by=request.user,
            obj=obj,
            fields=",".join(form.changed_data),
        )
