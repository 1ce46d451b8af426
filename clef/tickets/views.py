"""The member's side of the tickets: the seats left (a fragment the cached screening page
loads), booking, a booking's page with its tickets, cancelling, the waiting list, and the
registrations for workshops. Every change goes through ``booking``, ``waitinglist`` or
``workshops`` (and so through ``seats``); these views read the input, call them, and show
what came of it."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clef.lib import journey, throttle
from clef.lib.money import format_euros
from clef.lib.refusals import refuse_on_page
from clef.members.services import current_membership
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets import booking as bookings
from clef.tickets import documents, waitinglist, workshops
from clef.tickets.booking import BookingRefused
from clef.tickets.forms import (
    BookingForm,
    RegistrationForm,
    SeatCountForm,
    WaitingListForm,
    door_holds_left,
    seats_offered,
)
from clef.tickets.models import Booking, Registration, Ticket
from clef.tickets.seats import count as count_seats
from clef.tickets.seats import refuse_past_person_limits


def _screening(pk):
    films = Prefetch(
        "screening_films",
        queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
    )
    return get_object_or_404(
        Screening.objects.select_related("room__venue").prefetch_related(films), pk=pk
    )


def _is_open(screening, now):
    return screening.status == Screening.Status.PUBLISHED and screening.starts_at > now


# --- the seats left, for the screening page ------------------------------------------------
@never_cache
def seats(request, pk):
    """What is left to book, loaded by the screening page (which is cached whole and so
    never shows live numbers itself). Empty when there is nothing to book."""
    screening = get_object_or_404(Screening.objects.select_related("room__venue"), pk=pk)
    context = {"screening": screening, "open": _is_open(screening, timezone.now())}
    if not context["open"] or screening.kind == Screening.Kind.PRIVATE:
        context["open"] = False
    elif screening.is_workshop:
        context["places_left"] = workshops.places_left(screening)
    else:
        context["seats"] = count_seats(screening)
        if context["seats"].sold_out_online:
            context["on_list"] = waitinglist.entry_of(screening, request.user)
    return render(request, "tickets/seats.html", context)


# --- booking ---------------------------------------------------------------------------------
def _membership_missing(user, screening):
    venue = screening.room.venue
    return venue.ticket_needs_membership and not current_membership(
        user, venue, screening.local_start.date()
    )


@login_required
def book(request, pk):
    screening = _screening(pk)
    if journey.going_to(request) == request.path:
        journey.arrived(request)
    if screening.is_workshop:
        return redirect("tickets:register", screening.pk)
    status = 400 if request.method == "POST" else 200
    context = {"screening": screening, "venue": screening.room.venue}
    try:
        bookings.check_on_sale(screening)
    except BookingRefused as refused:
        return render(request, "tickets/book.html", {**context, "refused": refused}, status=status)
    venue = screening.room.venue
    seats_left = count_seats(screening, person=request.user, venue=venue)
    context["seats"] = seats_left
    if _membership_missing(request.user, screening):
        return render(
            request, "tickets/book.html", {**context, "needs_membership": True}, status=status
        )
    at_limit = seats_left.person_seats >= venue.seats_per_person
    if at_limit and request.method != "POST" and not seats_left.sold_out_online:
        # (A form sent again, a double click, goes on to the service: it finds the
        # booking the first one made.)
        try:
            refuse_past_person_limits(seats_left, 1, venue=venue, at_door=False)
        except BookingRefused as refused:
            context["refused"] = refused
        return render(request, "tickets/book.html", context, status=status)
    most = seats_offered(venue, seats_left)
    count_form = SeatCountForm(request.GET, most=most)
    holds = {"door_holds_left": door_holds_left(venue, seats_left)}
    if request.method == "POST":
        form = BookingForm(request.POST, screening=screening, places=count_form.count(), **holds)
        if form.is_valid():
            try:
                made, created = bookings.book(
                    screening,
                    user=request.user,
                    prices=form.cleaned_data["prices"],
                    method=form.cleaned_data["method"],
                    idempotency_key=form.cleaned_data["key"],
                    language=get_language(),
                )
            except BookingRefused as refused:
                form.add_refusal(refused)
            else:
                return _booked(request, made, created)
        count_form = SeatCountForm({"places": form.places}, most=max(most, form.places))
    elif seats_left.sold_out_online:
        on_list = waitinglist.entry_of(screening, request.user)
        return render(
            request, "tickets/book.html", {**context, "sold_out": True, "on_list": on_list}
        )
    else:
        form = BookingForm(screening=screening, places=count_form.count(), **holds)
        context["offer"] = waitinglist.entry_of(screening, request.user)
    return render(
        request,
        "tickets/book.html",
        {**context, "form": form, "count_form": count_form},
        status=400 if form.errors else 200,
    )


def _booked(request, made, created):
    if made.status == Booking.Status.AWAITING_PAYMENT and made.payment is not None:
        return redirect(made.payment.method_object.start(made.payment))
    if created:
        messages.success(request, _("Your seats are booked: here are your tickets."))
    else:
        messages.info(request, _("This booking was made already: here it is."))
    return redirect(made)


# --- a booking and its tickets ------------------------------------------------------------------
def _may_see(user, booking):
    """The booking's person, or staff who may look at tickets."""
    owner = user.is_authenticated and booking.person_id == user.pk
    return owner or user.has_perm("tickets.view_ticket")


def _booking_of(request, code):
    tickets = Prefetch("tickets", queryset=Ticket.objects.select_related("venue", "screening"))
    films = Prefetch(
        "screening__screening_films",
        queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
    )
    found = get_object_or_404(
        Booking.objects.select_related("screening__room__venue", "payment").prefetch_related(
            tickets, films
        ),
        code=code,
    )
    if not _may_see(request.user, found):
        raise Http404
    return found


@login_required
def booking(request, code):
    found = _booking_of(request, code)
    screening = found.screening
    venue = screening.room.venue
    now = timezone.now()
    tickets = [
        {"ticket": t, "can_cancel": bookings.can_cancel(t, now)} for t in found.tickets.all()
    ]
    pay_now = None
    if found.status == Booking.Status.AWAITING_PAYMENT and found.payment is not None:
        pay_now = found.payment.method_object.start(found.payment)
    return render(
        request,
        "tickets/booking.html",
        {
            "booking": found,
            "screening": screening,
            "venue": venue,
            "tickets": tickets,
            "valid_count": sum(1 for t in tickets if t["ticket"].is_valid),
            "held_until": screening.starts_at - dt.timedelta(minutes=venue.door_hold_minutes),
            "cancel_until": screening.starts_at - dt.timedelta(minutes=venue.cancel_cutoff_minutes),
            "pay_now": pay_now,
            "is_owner": found.person_id == request.user.pk,
        },
    )


@login_required
def booking_pdf(request, code):
    found = _booking_of(request, code)
    response = HttpResponse(documents.booking_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.venue.slug}-{found.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _ticket_of(request, code):
    ticket = get_object_or_404(
        Ticket.objects.select_related("booking", "venue", "screening"), code=code
    )
    if ticket.booking is None or not _may_see(request.user, ticket.booking):
        raise Http404
    return ticket


@login_required
def ticket_qr(request, code):
    ticket = _ticket_of(request, code)
    response = HttpResponse(documents.qr_svg(ticket.code), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def cancel_ticket(request, code):
    """Asks first, saying what comes back (GET), then cancels (POST)."""
    ticket = _ticket_of(request, code)
    if ticket.booking.person_id != request.user.pk:
        # Staff may look at a booking, not give its seats away.
        raise Http404
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ticket.booking.get_absolute_url()
    if request.method == "GET":
        return render(
            request,
            "tickets/cancel.html",
            {
                "ticket": ticket,
                "screening": ticket.screening,
                "refund": bookings.refund_on_cancel(ticket),
                "cancellable": ticket.is_valid and bookings.can_cancel(ticket, timezone.now()),
                "back": back,
            },
        )
    try:
        given = bookings.cancel_ticket(ticket, by=request.user)
    except BookingRefused as refused:
        refuse_on_page(request, refused)
    else:
        done = _("Ticket %(number)s is cancelled: its seat is back on sale.") % {"number": ticket}
        if given.refunded:
            done += " " + _("%(amount)s will be refunded; an email confirms it.") % {
                "amount": format_euros(given.refunded)
            }
        messages.success(request, done)
    return redirect(back)


# --- the waiting list --------------------------------------------------------------------------
def join_waiting_list(request, pk):
    screening = get_object_or_404(Screening.objects.select_related("room__venue"), pk=pk)
    if screening.is_workshop:
        return redirect("tickets:register", screening.pk)
    if not _is_open(screening, timezone.now()) or screening.kind == Screening.Kind.PRIVATE:
        raise Http404
    signed_in = request.user.is_authenticated and request.user.email
    form = WaitingListForm(
        request.POST if request.method == "POST" and not signed_in else None,
        initial={"email": request.user.email if signed_in else ""},
    )
    if request.method == "POST" and (signed_in or form.is_valid()):
        email = request.user.email if signed_in else form.cleaned_data["email"]
        # The throttle (clef/lib/throttle.py): an address typed by someone signed out joins
        # a few lists an hour, each one an email when a seat comes back.
        if not signed_in and not throttle.may_send_email(request, email, kind="waiting_list"):
            messages.error(request, throttle.emails_paused_message())
            return redirect(screening)
        try:
            _entry, created = waitinglist.join(
                screening,
                email=email,
                user=request.user if request.user.is_authenticated else None,
                language=get_language(),
            )
        except waitinglist.JoinRefused as refused:
            messages.error(request, refused.message)
            return redirect(screening)
        if created:
            messages.success(
                request,
                _(
                    "You are on the waiting list. If a seat comes back, you will be told "
                    "by email at %(email)s."
                )
                % {"email": email},
            )
        else:
            messages.info(
                request,
                _("%(email)s is on the waiting list already: you will be told by email.")
                % {"email": email},
            )
        return redirect(screening)
    return render(
        request,
        "tickets/waiting_list.html",
        {"screening": screening, "form": form, "signed_in": signed_in},
        status=400 if form.is_bound else 200,
    )


# --- workshops ------------------------------------------------------------------------------------
def _may_send_link(request, user, form):
    """The throttle (clef/lib/throttle.py): a place taken without a confirmed address
    emails a link to the guardian's address, a few an hour per address and client; past
    that the form says so."""
    email = form.cleaned_data["guardian_email"]
    # Signed in with that address confirmed, no link is sent (another address gets one).
    if workshops.address_confirmed(user, email):
        return True
    if throttle.may_send_email(request, email, kind="workshop"):
        return True
    form.add_error(None, throttle.emails_paused_message())
    return False


def register(request, pk):
    screening = _screening(pk)
    if not screening.is_workshop:
        return redirect("tickets:book", screening.pk)
    context = {"screening": screening, "venue": screening.room.venue}
    try:
        workshops.check_open(screening)
    except BookingRefused as refused:
        status = 400 if request.method == "POST" else 200
        return render(
            request, "tickets/register.html", {**context, "refused": refused}, status=status
        )
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = RegistrationForm(request.POST, screening=screening)
        if form.is_valid() and _may_send_link(request, user, form):
            try:
                registration = workshops.register(
                    screening, **form.registration_fields(), user=user, language=get_language()
                )
            except BookingRefused as refused:
                form.add_error("child_age" if refused.code == "age" else None, refused.message)
            else:
                if registration.awaits_confirmation:
                    messages.info(request, _awaiting_message(registration))
                elif registration.status == Registration.Status.WAITING:
                    messages.info(
                        request,
                        _("The workshop is full: %(child)s is on the waiting list.")
                        % {"child": registration.child_first_name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(child)s is registered. Keep this page: it lets you cancel.")
                        % {"child": registration.child_first_name},
                    )
                return redirect(registration)
    else:
        initial = {}
        if user is not None:
            initial = {"guardian_name": user.get_full_name(), "guardian_email": user.email}
        form = RegistrationForm(initial=initial, screening=screening)
    return render(
        request,
        "tickets/register.html",
        {**context, "form": form, "full": workshops.places_left(screening) == 0},
        status=400 if form.is_bound else 200,
    )


def _awaiting_message(registration):
    context = {
        "email": registration.guardian_email,
        "time": formats.time_format(
            timezone.localtime(registration.confirm_by, registration.screening.zone), "H:i"
        ),
        "child": registration.child_first_name,
    }
    if registration.status == Registration.Status.WAITING:
        return (
            _(
                "The workshop is full. We sent a link to %(email)s: open it before "
                "%(time)s to put %(child)s on the waiting list."
            )
            % context
        )
    return (
        _(
            "A place is held for %(child)s. We sent a link to %(email)s: open it before "
            "%(time)s to confirm your address, or the place goes back."
        )
        % context
    )


def _registration_of(code):
    return get_object_or_404(
        Registration.objects.select_related("screening__room__venue"), code=code
    )


def registration(request, code):
    """A registration's page: whoever holds its code (sent by email) may see and cancel it."""
    found = _registration_of(code)
    now = timezone.now()
    started = found.screening.starts_at <= now
    standing = found.status in Registration.STANDING
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if started:
            messages.error(request, _("This workshop has started: it is too late to cancel."))
        elif standing:
            workshops.cancel(found, by=request.user if request.user.is_authenticated else None)
            messages.success(
                request,
                _("The registration of %(child)s is cancelled.")
                % {"child": found.child_first_name},
            )
        return redirect(found)
    return render(
        request,
        "tickets/registration.html",
        {
            "registration": found,
            "screening": found.screening,
            "venue": found.screening.room.venue,
            "can_cancel": not started and standing,
            "expired": found.status == Registration.Status.EXPIRED
            or (found.awaits_confirmation and found.confirm_by <= now),
        },
    )


def confirm_registration(request, code, token):
    """The link sent to the guardian: their address is confirmed, the place theirs.
    A link used twice, expired or cut short says so on the registration's page."""
    found = _registration_of(code)
    try:
        workshops.confirm(
            found, token=token, by=request.user if request.user.is_authenticated else None
        )
    except BookingRefused as refused:
        if refused.code == "confirm_used":
            messages.info(request, refused.message)
        else:
            refuse_on_page(request, refused)
    else:
        messages.success(
            request,
            _("Your address is confirmed: %(child)s's registration stands.")
            % {"child": found.child_first_name},
        )
    return redirect(found)
