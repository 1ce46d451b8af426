"""Joining and renewing, and the membership card (page, QR code, PDF)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from clef.lib import journey, roles
from clef.lib.qr import qr_svg
from clef.members import documents
from clef.members.forms import MembershipForm
from clef.members.models import Membership
from clef.members.services import current_membership, start_membership, validity
from clef.payments.methods import online_method
from clef.venues.queries import current_venue


@require_http_methods(["GET", "POST"])
def join(request):
    """What membership is, then for a signed-in person the form to join or renew."""
    venue = current_venue()
    user = request.user
    method = online_method()
    # Joining on the way to a screening's booking form: back there once paid.
    journey.remember(request, request.GET.get("next", ""))
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())

    current = current_membership(user, venue)
    form = None
    if user.is_authenticated and method is not None:
        form = MembershipForm(request.POST if request.method == "POST" else None, venue=venue)
        if form.is_bound and form.is_valid():
            membership = start_membership(
                user, venue, amount=form.cleaned_data["amount"], method=method.code
            )
            if membership.is_paid:
                messages.success(request, _("Welcome: your membership is paid."))
                return redirect(membership)
            return redirect(membership.payment.method_object.start(membership.payment))

    today = venue.local_date()
    _season, starts_on, ends_on = validity(venue, paid_on=today, renewing=current)
    pending = None
    if user.is_authenticated:
        pending = (
            Membership.objects.filter(person=user, venue=venue, status=Membership.Status.PENDING)
            .order_by("-created_at")
            .first()
        )
    return render(
        request,
        "members/join.html",
        {
            "venue": venue,
            "current": current,
            "pending": pending,
            "form": form,
            "online": method is not None,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "season_start": dt.date(2000, venue.season_start_month, 1),
            "season_end": dt.date(2001, venue.season_start_month, 1) - dt.timedelta(days=1),
        },
    )


def _membership_for(request, code):
    """The membership with ``code``, for its owner or a member of staff who may see
    memberships; 404 for anyone else, so that a code reveals nothing."""
    membership = get_object_or_404(
        Membership.objects.select_related("venue", "person", "payment"), code=code
    )
    if membership.person_id != request.user.pk and not request.user.has_perm(
        "members.view_membership"
    ):
        raise Http404
    return membership


def _paid_membership_for(request, code):
    membership = _membership_for(request, code)
    if not membership.is_paid:
        raise Http404
    return membership


@roles.signed_in
def card(request, code):
    membership = _membership_for(request, code)
    pay_url = None
    if membership.status == Membership.Status.PENDING and membership.payment is not None:
        pay_url = membership.payment.method_object.start(membership.payment)
    return render(
        request,
        "members/card.html",
        {
            "membership": membership,
            "venue": membership.venue,
            "owner": membership.person,
            "qr": _card_qr(membership) if membership.is_paid else "",
            "pay_url": pay_url,
            "going_to": journey.going_to(request) if membership.is_paid else "",
        },
    )


def _card_qr(membership):
    title = _("QR code of membership %(number)s") % {"number": membership}
    return qr_svg(membership.code, title=title)


@roles.signed_in
def card_qr(request, code):
    membership = _paid_membership_for(request, code)
    response = HttpResponse(qr_svg(membership.code), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@roles.signed_in
def attestation_pdf(request, code):
    """The attestation of membership (not a tax receipt), for its member or staff."""
    membership = _paid_membership_for(request, code)
    response = HttpResponse(documents.attestation_pdf(membership), content_type="application/pdf")
    name = pgettext("file name", "attestation-of-membership")
    response["Content-Disposition"] = f'inline; filename="{name}-{membership}.pdf"'
    return response


@roles.signed_in
def card_pdf(request, code):
    membership = _paid_membership_for(request, code)
    response = HttpResponse(documents.card_pdf(membership), content_type="application/pdf")
    name = pgettext("file name", "membership-card")
    response["Content-Disposition"] = f'inline; filename="{name}-{membership}.pdf"'
    return response
