"""Recording the agreements of a screening's films: the rights holder (new ones created on
the way), the terms, and the film's visa and version, all at once or not at all."""

from django.db import transaction
from django.db.models.functions import Lower

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.lib.actions import log_action


@transaction.atomic
def record_agreements(screening, forms_, *, by):
    """Save what the valid ``forms_`` (``forms.AgreementForm``, one per film shown) say."""
    saved = []
    for form in forms_:
        data = form.cleaned_data
        shown = form.shown
        holder = data["holder"] or _holder_named(data["new_holder"], data["new_holder_email"])
        agreement = RightsAgreement.objects.filter(screening=screening, film=shown.film).first()
        agreement = agreement or RightsAgreement(screening=screening, film=shown.film)
        agreement.holder = holder
        agreement.kind = data["kind"]
        agreement.rate = data.get("rate")
        agreement.amount = data.get("amount")
        agreement.programme_share = data.get("programme_share")
        agreement.contact = data.get("contact", "")
        agreement.note = data.get("note", "")
        agreement.updated_by = by
        agreement.clean()  # drops the figures the terms do not use
        agreement.save()
        film = shown.film
        if film.visa_number != data["visa_number"]:
            film.visa_number = data["visa_number"]
            film.save(update_fields=["visa_number", "updated_at"])
        if shown.version != data["version"]:
            shown.version = data["version"]
            shown.save(update_fields=["version"])
        saved.append(agreement)
        log_action(
            "accounting.agreement.recorded",
            by=by,
            screening=screening.pk,
            film=film.pk,
            holder=holder.pk,
            kind=agreement.kind,
            rate=agreement.rate,
            amount=agreement.amount,
        )
    return saved


def _holder_named(name, email):
    """The rights holder of that name (whatever its case), created if new."""
    name = name.strip()
    holder = RightsHolder.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
    if holder is None:
        holder = RightsHolder.objects.create(name=name, email=email or "")
    elif email and not holder.email:
        holder.email = email
        holder.save(update_fields=["email"])
    return holder
