"""Recording the agreements of a screening's films: the rights holder (new ones created on
the way, and kept as the film's rights holder), the terms, and the film's visa and
version, all at once or not at all.

The terms typed for one screening may be written for more of the film's screenings at
once (``Scope``): this screening, the film's screenings of this cinema week, or all its
screenings from one day to another; one ``RightsAgreement`` per screening and film, in
one transaction, each logged. A screening of a week already declared is written all
the same, and said (``Recorded.declared_weeks``): its declaration needs a new version.
"""

from dataclasses import dataclass, field

from django.db import transaction

from clef.accounting.models import Declaration, FilmRightsHolder, RightsAgreement, RightsHolder
from clef.lib.actions import log_action
from clef.lib.timezones import local_day_bounds
from clef.programme.models import Screening


class Scope:
    """Which of the film's screenings an agreement is written for (the form's labels
    are in ``forms.ScopeForm``)."""

    SCREENING = "screening"
    WEEK = "week"
    RUN = "run"


@dataclass
class Recorded:
    """What ``record_agreements`` wrote."""

    agreements: list = field(default_factory=list)  # every RightsAgreement written
    screenings: set = field(default_factory=set)  # the pks of the screenings written
    declared_weeks: list = field(default_factory=list)  # CinemaWeek, in order

    def of(self, screening):
        """The agreements written for ``screening``."""
        return [a for a in self.agreements if a.screening_id == screening.pk]


def days_of(screening, scope, first=None, last=None):
    """The local days (first, last) the ``scope`` covers around ``screening``."""
    venue = screening.room.venue
    day = screening.local_start.date()
    if scope == Scope.WEEK:
        week = venue.week_of(day)
        return week.start, week.end
    if scope == Scope.RUN:
        return first, last
    return day, day


def screenings_of(screening, film, first, last):
    """``film``'s screenings at the venue of ``screening`` from ``first`` to ``last``
    (local days, both included), cancelled ones left out, in order; with their films."""
    venue = screening.room.venue
    start, _ = local_day_bounds(first, venue.timezone)
    _, end = local_day_bounds(last, venue.timezone)
    return list(
        Screening.objects.filter(
            room__venue=venue,
            starts_at__gte=start,
            starts_at__lt=end,
            screening_films__film=film,
        )
        .exclude(status=Screening.Status.CANCELLED)
        .select_related("room__venue")
        .prefetch_related("screening_films")
        .distinct()
        .order_by("starts_at", "pk")
    )


def declared_weeks(venue, week_starts):
    """Which of the cinema weeks starting on ``week_starts`` have a declaration made:
    changing their figures needs a new version of it."""
    return set(
        Declaration.objects.filter(
            venue=venue, kind=Declaration.Kind.WEEK, period_start__in=list(week_starts)
        ).values_list("period_start", flat=True)
    )


def _terms(agreement):
    return (
        agreement.holder_id,
        agreement.kind,
        agreement.rate,
        agreement.amount,
        agreement.programme_share,
    )


def _films_of(screening):
    return sorted(shown.film_id for shown in screening.screening_films.all())


@transaction.atomic
def record_agreements(screening, forms_, *, by, scope=Scope.SCREENING, first=None, last=None):
    """Save what the valid ``forms_`` (``forms.AgreementForm``, one per film of
    ``screening``) say, for the screenings of each film that ``scope`` covers (with
    ``first`` and ``last`` for a run). ``screening`` is always among them. The share of
    a programme is written only to screenings of the same films; the version shown only
    to ``screening``. Returns a ``Recorded``."""
    venue = screening.room.venue
    first, last = days_of(screening, scope, first, last)
    films = [form.shown.film for form in forms_]
    targets = {film.pk: [screening] for film in films}
    if scope != Scope.SCREENING:
        for film in films:
            others = [s for s in screenings_of(screening, film, first, last) if s != screening]
            targets[film.pk] += others
    every = {s.pk for shown in targets.values() for s in shown} | {screening.pk}
    # Two people saving at once: the second waits for the first (PostgreSQL).
    list(Screening.objects.select_for_update().filter(pk__in=every).order_by("pk"))
    existing = {
        (a.screening_id, a.film_id): a
        for a in RightsAgreement.objects.filter(
            screening_id__in=every, film__in=films
        ).select_related("holder")
    }
    programme = _films_of(screening)
    recorded = Recorded()
    changed_days = set()
    for form in forms_:
        data = form.cleaned_data
        shown = form.shown
        film = shown.film
        holder = data["holder"] or _holder_named(data["new_holder"], data["new_holder_email"])
        film_changed = _record_film(film, shown, holder, data, by=by)
        for target in targets[film.pk]:
            agreement = existing.get((target.pk, film.pk))
            before = _terms(agreement) if agreement else None
            agreement = agreement or RightsAgreement(screening=target, film=film)
            share = data.get("programme_share")
            if _films_of(target) != programme:
                # Another programme keeps its own shares; a single film has none.
                share = agreement.programme_share if len(_films_of(target)) > 1 else None
            agreement.holder = holder
            agreement.kind = data["kind"]
            agreement.rate = data.get("rate")
            agreement.amount = data.get("amount")
            agreement.programme_share = share
            agreement.contact = data.get("contact", "")
            agreement.note = data.get("note", "")
            agreement.updated_by = by
            agreement.clean()  # drops the figures the terms do not use
            agreement.save()
            recorded.agreements.append(agreement)
            recorded.screenings.add(target.pk)
            if before != _terms(agreement) or (target.pk == screening.pk and film_changed):
                changed_days.add(target.local_start.date())
            log_action(
                "accounting.agreement.recorded",
                by=by,
                obj=agreement,
                screening=target.pk,
                film=film.pk,
                holder=holder.pk,
                kind=agreement.kind,
                rate=agreement.rate,
                amount=agreement.amount,
                programme_share=agreement.programme_share,
                scope=scope,
                first=first,
                last=last,
            )
    weeks = {venue.week_of(day) for day in changed_days}
    declared = declared_weeks(venue, {week.start for week in weeks})
    recorded.declared_weeks = sorted(
        (week for week in weeks if week.start in declared), key=lambda week: week.start
    )
    return recorded


def _record_film(film, shown, holder, data, *, by):
    """The film's visa number, its version at this screening and its rights holder, as
    typed. Returns whether the visa or the version changed."""
    changed = False
    if film.visa_number != data["visa_number"]:
        film.visa_number = data["visa_number"]
        film.save(update_fields=["visa_number", "updated_at"])
        changed = True
    if shown.version != data["version"]:
        shown.version = data["version"]
        shown.save(update_fields=["version"])
        changed = True
    set_film_holder(film, holder, by=by)
    return changed


def set_film_holder(film, holder, *, by):
    """Make ``holder`` the rights holder of ``film`` (logged when it changes)."""
    link = FilmRightsHolder.objects.filter(film=film).first()
    if link is not None and link.holder_id == holder.pk:
        return link
    previous = link.holder_id if link else None
    link = link or FilmRightsHolder(film=film)
    link.holder = holder
    link.save()
    log_action(
        "accounting.film_rights_holder.set",
        by=by,
        obj=link,
        film=film.pk,
        holder=holder.pk,
        previous=previous,
    )
    return link


def holder_key(name):
    """A rights holder's name as it is matched: spaces trimmed and collapsed, case
    ignored (in every script: the database's ``LOWER`` may know ASCII only)."""
    return " ".join(name.split()).casefold()


def holder_named(name):
    """The rights holder called ``name`` (whatever its case and spaces), or None."""
    key = holder_key(name)
    for pk, known in RightsHolder.objects.order_by("pk").values_list("pk", "name"):
        if holder_key(known) == key:
            return RightsHolder.objects.get(pk=pk)
    return None


def _holder_named(name, email):
    """The rights holder of that name (whatever its case and spaces), created if new."""
    name = " ".join(name.split())
    holder = holder_named(name)
    if holder is None:
        holder = RightsHolder.objects.create(name=name, email=email or "")
    elif email and not holder.email:
        holder.email = email
        holder.save(update_fields=["email"])
    return holder
