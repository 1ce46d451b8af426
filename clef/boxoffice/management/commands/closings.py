"""``clef closings``: the nightly job of the till's records. Closes every day, month and
year that is over (``closings.close_due``), saying each one's total by channel (till,
door, online), and fixes the ticket statements of the screenings that are over
(``statements.fix_due``). Safe to run again: what is done is not done twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clef.boxoffice import closings, periods, statements, totals
from clef.lib.money import format_euros
from clef.lib.timezones import local_to_utc
from clef.venues.models import Venue


class Command(BaseCommand):
    help = (
        "Close the till's days, months and years that are over, and fix the ticket "
        "statements of the screenings that are over. Run it every night from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--venue", help="The venue's id (default: every venue).")
        parser.add_argument(
            "--today",
            help="Close as if today were this day (YYYY-MM-DD, not after today): "
            "only what is over before it.",
        )

    def handle(self, *args, venue=None, today=None, **options):
        venues = Venue.objects.order_by("pk")
        if venue is not None:
            if not str(venue).isdigit():
                raise CommandError(_("--venue takes a venue's id, a number: %s") % venue)
            venues = venues.filter(pk=int(venue))
            if not venues.exists():
                raise CommandError(_("No venue has the id %s.") % venue)
        day = None
        if today is not None:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    _("--today takes a date written YYYY-MM-DD, like 2026-01-14: %s") % today
                ) from None
        for place in venues:
            self._venue(place, day)

    def _venue(self, venue, day):
        try:
            made = closings.close_due(venue, today=day)
        except totals.ClosingRefused as refused:
            raise CommandError(f"{venue.name}: {refused.message}") from None
        for closing in made:
            channels = totals.Figures.of_closing(closing).channels
            self.stdout.write(
                _(
                    "%(venue)s: %(kind)s %(period)s, total %(total)s (%(channels)s), "
                    "grand total %(cumulative)s"
                )
                % {
                    "venue": venue.name,
                    "kind": closing.get_kind_display(),
                    "period": periods.describe(
                        periods.Period(closing.kind, closing.period_start, closing.period_end)
                    ),
                    "total": format_euros(closing.total),
                    "channels": ", ".join(
                        f"{totals.CHANNEL_LABELS.get(name, name)} {format_euros(amount)}"
                        for name, amount in channels.items()
                    ),
                    "cumulative": format_euros(closing.cumulative),
                }
            )
        now = None
        if day is not None:
            now = local_to_utc(day, dt.time(0, 0), venue.timezone)
        fixed = statements.fix_due(now, venue=venue)
        for statement in fixed:
            self.stdout.write(
                _("%(venue)s: ticket statement fixed for %(screening)s")
                % {"venue": venue.name, "screening": statement.screening}
            )
        if not made and not fixed:
            self.stdout.write(_("%(venue)s: nothing to close.") % {"venue": venue.name})
