"""The link in a waiting list's offer: a seat held for the first in line, taken by
booking it before the hold ends (``waitinglist``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clef.programme.models import Screening
from clef.tickets import booking, waitinglist
from clef.tickets.models import WaitingListEntry


@require_http_methods(["GET", "POST"])
@login_required
def waiting_offer(request, pk, token):
    """GET says what the offer is; POST (the button) makes the seat held the signed-in
    person's and goes on to the booking form, where it counts as free for them only."""
    screening = get_object_or_404(Screening.objects.select_related("room__venue"), pk=pk)
    context = {"screening": screening, "venue": screening.room.venue}
    try:
        entry = waitinglist.entry_of_token(screening, token)
    except waitinglist.OfferRefused:
        return render(
            request, "tickets/waiting_offer.html", {**context, "unknown": True}, status=404
        )
    state = entry.state()
    context.update(entry=entry, state=state)
    mine = entry.person_id in (None, request.user.pk)
    if not mine:
        return render(
            request, "tickets/waiting_offer.html", {**context, "someone_else": True}, status=403
        )
    try:
        booking.check_on_sale(screening)
    except booking.BookingRefused as refused:
        # Cancelled, or started: the seat held is nobody's to take.
        context["closed"] = refused
    if request.method == "POST":
        if state != WaitingListEntry.State.OFFERED or "closed" in context:
            return render(request, "tickets/waiting_offer.html", context, status=409)
        try:
            waitinglist.claim(entry, request.user)
        except waitinglist.OfferRefused:
            return render(
                request, "tickets/waiting_offer.html", {**context, "someone_else": True}, status=403
            )
        return redirect("tickets:book", screening.pk)
    return render(request, "tickets/waiting_offer.html", context)
