"""What clef holds about a person, and the export of it (``export_person``).

The queries below are the one list of what names a person: the export reads them and
erasure (``erasure.py``) empties or deletes what they find, so the download holds
everything erasure touches. Besides the records of their account, a person is found by
their address in what was done signed out: a workshop registration, a place on a
waiting list, a booking with nobody's account on it.
"""

import datetime as dt

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, TextField
from django.db.models.functions import Cast

from clef.accounts.models import SignIn
from clef.audit.models import Action
from clef.boxoffice.models import Sale, TillSession
from clef.members.models import Membership, Person
from clef.members.services import person_of
from clef.payments.models import Payment
from clef.programme.models import Screening
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry


def pseudonym(pk):
    """What stands for an erased person where a record must keep someone: "person #12"."""
    return f"person #{pk}"


def _address(user):
    return (user.email or "").strip()


def _mine(user, email_field):
    """The rows of ``user``'s account, and those made signed out with their address."""
    mine = Q(person=user)
    if email := _address(user):
        mine |= Q(person__isnull=True, **{f"{email_field}__iexact": email})
    return mine


def bookings_of(user):
    return Booking.objects.filter(_mine(user, "email"))


def waiting_of(user):
    return WaitingListEntry.objects.filter(_mine(user, "email"))


def registrations_of(user):
    return Registration.objects.filter(_mine(user, "guardian_email"))


def back_office_log_about(user):
    """Django's back-office log entries by ``user`` or about their account, their person,
    and the registrations and waiting lists' places found by their address."""
    about = Q(user=user)
    for model, rows in (
        (get_user_model(), get_user_model()._default_manager.filter(pk=user.pk)),
        (Person, Person.objects.filter(user=user)),
        (Registration, registrations_of(user)),
        (WaitingListEntry, waiting_of(user)),
    ):
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return LogEntry.objects.filter(about)


def names_of(user):
    """The words that name ``user`` in free text (lower case): username, address, full
    name."""
    names = {user.get_username(), _address(user), user.get_full_name().strip()}
    return {name.lower() for name in names if name}


def actions_about(pk, names):
    """The actions the person (user ``pk``, named by ``names``) did, or whose object or
    details name them by what is theirs alone: their username or address. A full name
    (with a space) finds nothing by itself: anyone may type any name, or share it, and
    must not read nor rewrite others' actions by it (erasure still replaces it in the
    actions found)."""
    about = Q(by_id=pk)
    for name in names:
        if " " in name:
            continue
        about |= Q(subject_key__iexact=name)
        # SQLite keeps JSON with non-ASCII letters escaped; PostgreSQL as they are.
        for form in {name, _json_escaped(name)}:
            about |= Q(text__icontains=form)
    return Action.objects.annotate(text=Cast("data", TextField())).filter(about)


def _json_escaped(text):
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)


# --- the export -------------------------------------------------------------------------------
def utc(moment):
    """An instant as ISO 8601 in UTC, ``2026-05-02T18:00:00Z``; None stays None."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def day(value):
    return value.isoformat() if value is not None else None


def money(amount):
    return f"{amount:.2f}" if amount is not None else None


def _screening(screening):
    return {"title": screening.display_title, "starts_at": utc(screening.starts_at)}


def screenings_with_titles():
    """Screenings with what their title and local time need, for prefetching."""
    return Screening.objects.select_related("room__venue").prefetch_related("screening_films__film")


def _with_screening(queryset):
    return queryset.order_by("created_at", "pk").prefetch_related(
        Prefetch("screening", queryset=screenings_with_titles())
    )


def export_person(user):
    """Everything clef keeps about ``user``, as plain JSON-ready data."""
    person = person_of(user)
    bookings = _with_screening(bookings_of(user)).prefetch_related(
        Prefetch("tickets", queryset=Ticket.objects.order_by("series", "number"))
    )
    return {
        "person": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": person.language,
            "joined_at": utc(user.date_joined),
            "email_confirmed_at": utc(person.email_confirmed_at),
            "last_login": utc(user.last_login),
        },
        "memberships": [
            {
                "number": str(m) if m.number is not None else None,
                "season": m.season,
                "amount": money(m.amount),
                "valid_from": day(m.starts_on),
                "valid_until": day(m.ends_on),
                "status": m.status,
                "paid_at": utc(m.paid_at),
            }
            for m in Membership.objects.filter(person=user).order_by("created_at", "pk")
        ],
        "bookings": [
            {
                "code": b.code,
                "screening": _screening(b.screening),
                "status": b.status,
                "email": b.email,
                "created_at": utc(b.created_at),
                "tickets": [
                    {"number": str(t), "price": money(t.price), "status": t.status}
                    for t in b.tickets.all()
                ],
            }
            for b in bookings
        ],
        "waiting_list": [
            {
                "screening": _screening(w.screening),
                "email": w.email,
                "joined_at": utc(w.created_at),
                "seat_offered_at": utc(w.offered_at),
                "seat_held_until": utc(w.offer_ends_at),
                "booked_at": utc(w.booked_at),
            }
            for w in _with_screening(waiting_of(user))
        ],
        "registrations": [
            {
                "workshop": _screening(r.screening),
                "status": r.status,
                "child_first_name": r.child_first_name,
                "child_age": r.child_age,
                "guardian_name": r.guardian_name,
                "guardian_phone": r.guardian_phone,
                "guardian_email": r.guardian_email,
                "photo_consent": r.photo_consent,
                "created_at": utc(r.created_at),
            }
            for r in _with_screening(registrations_of(user))
        ],
        "payments": [
            {
                "code": p.code,
                "purpose": p.purpose,
                "method": p.method,
                "amount": money(p.amount),
                "status": p.status,
                "created_at": utc(p.created_at),
            }
            for p in Payment.objects.filter(person=user).order_by("created_at", "pk")
        ],
        **_work_and_traces(user),
    }


def _work_and_traces(user):
    """What the person did as staff, where they are signed in, and the action log's rows
    about them (each empty for most members)."""
    sessions = TillSession.objects.filter(cashier=user).select_related("till")
    return {
        "purchases_at_the_till": [
            {"sale": s.code, "total": money(s.total), "at": utc(s.created_at)}
            for s in Sale.objects.filter(person=user).order_by("created_at", "pk")
        ],
        "till_sessions": [
            {"till": s.till.name, "opened_at": utc(s.opened_at), "closed_at": utc(s.closed_at)}
            for s in sessions.order_by("opened_at", "pk")
        ],
        "api_tokens": [
            {"name": t.name, "created_at": utc(t.created_at), "last_used_at": utc(t.last_used_at)}
            for t in user.api_tokens.order_by("created_at", "pk")
        ],
        "signed_in": [
            {"browser": s.user_agent, "signed_in_at": utc(s.signed_in_at)}
            for s in SignIn.objects.filter(user=user).order_by("signed_in_at", "pk")
        ],
        "actions": [
            {"at": utc(a.at), "action": a.name, "object": a.subject, "details": a.data}
            for a in actions_about(user.pk, names_of(user)).order_by("at", "pk")
        ],
        "back_office_log": [
            {"at": utc(e.action_time), "object": e.object_repr, "change": e.get_change_message()}
            for e in back_office_log_about(user).order_by("action_time", "pk")
        ],
    }
