"""Hours given, read back: each volunteer's hours per month and team, and the year's
report that values them as contributions in kind (hours × ``CLEF_VOLUNTEER_HOUR_RATE``)
for the association's accounts (86/87). One query for the year's confirmed signups and
one for the teams, however many rows; the page, the CSV and the PDF read the same
``YearReport``."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from clef.lib import spreadsheet
from clef.lib.money import cents, format_euros
from clef.lib.pdf import Sheet
from clef.lib.timezones import local_day_bounds
from clef.volunteers.hours import shift_hours
from clef.volunteers.models import Signup, Team

ZERO = Decimal("0.00")


@dataclass
class PersonHours:
    person_id: int
    name: str
    by_team: dict = field(default_factory=dict)  # team id -> hours
    by_month: dict = field(default_factory=dict)  # month number -> hours
    shifts: int = 0
    no_shows: int = 0

    @property
    def total(self):
        return sum(self.by_team.values(), ZERO)


@dataclass
class YearReport:
    year: int
    rate: Decimal
    teams: list
    people: list
    months: dict  # month number -> {team id: hours}
    provisional: bool

    @property
    def total(self):
        return sum((p.total for p in self.people), ZERO)

    @property
    def value(self):
        return cents(self.total * self.rate)

    @property
    def no_shows(self):
        return sum(p.no_shows for p in self.people)

    def team_totals(self):
        return [sum((p.by_team.get(t.pk, ZERO) for p in self.people), ZERO) for t in self.teams]

    def person_rows(self):
        """Per person: name, hours per team, total, value, shifts, no-shows."""
        for person in self.people:
            yield person, [person.by_team.get(t.pk, ZERO) for t in self.teams]

    def month_rows(self):
        """Per month with hours: its first day, hours per team, total."""
        for month in sorted(self.months):
            hours = [self.months[month].get(t.pk, ZERO) for t in self.teams]
            yield dt.date(self.year, month, 1), hours, sum(hours, ZERO)


def _name(user):
    return user.get_full_name() or user.username


def year_report(year, *, person=None):
    """The confirmed hours of ``year`` (local dates), of everyone or of one person."""
    zone = timezone.get_current_timezone_name()
    start, _end = local_day_bounds(dt.date(year, 1, 1), zone)
    end = (
        local_day_bounds(dt.date(year + 1, 1, 1), zone)[0]
        if year < 9999
        else dt.datetime.max.replace(tzinfo=dt.UTC)
    )
    signups = (
        Signup.objects.filter(
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
            attendance__in=[Signup.Attendance.CAME, Signup.Attendance.NO_SHOW],
        )
        .select_related("person", "shift")
        .order_by("shift__starts_at", "pk")
    )
    if person is not None:
        signups = signups.filter(person=person)
    people = {}
    months = defaultdict(lambda: defaultdict(lambda: ZERO))
    used = set()
    for signup in signups:
        row = people.get(signup.person_id)
        if row is None:
            row = people[signup.person_id] = PersonHours(signup.person_id, _name(signup.person))
        if signup.attendance == Signup.Attendance.NO_SHOW:
            row.no_shows += 1
            continue
        shift = signup.shift
        hours = shift_hours(shift)
        month = timezone.localtime(shift.starts_at).month
        row.by_team[shift.team_id] = row.by_team.get(shift.team_id, ZERO) + hours
        row.by_month[month] = row.by_month.get(month, ZERO) + hours
        row.shifts += 1
        months[month][shift.team_id] += hours
        used.add(shift.team_id)
    teams = [t for t in Team.objects.order_by("position", "code") if t.pk in used]
    return YearReport(
        year=year,
        rate=settings.CLEF_VOLUNTEER_HOUR_RATE,
        teams=teams,
        people=sorted(people.values(), key=lambda p: (p.name.casefold(), p.person_id)),
        months={m: dict(v) for m, v in months.items()},
        provisional=timezone.localdate().year <= year,
    )


# --- the CSV and the PDF -----------------------------------------------------------------
def csv_bytes(report):
    """One row per volunteer: hours per team, total, value, shifts, no-shows; then the
    totals. Numbers a spreadsheet sums, in the reader's language."""
    header = [
        _("Volunteer"),
        *(t.localized_name() for t in report.teams),
        _("Hours"),
        _("Value (€)"),
        _("Shifts"),
        _("No-shows"),
    ]
    rows = [
        [
            person.name,
            *hours,
            person.total,
            cents(person.total * report.rate),
            person.shifts,
            person.no_shows,
        ]
        for person, hours in report.person_rows()
    ]
    rows.append(
        [
            _("Total"),
            *report.team_totals(),
            report.total,
            report.value,
            sum(p.shifts for p in report.people),
            report.no_shows,
        ]
    )
    return spreadsheet.csv_bytes(header, rows)


def _hours(value):
    return formats.number_format(value, 2, use_l10n=True)


def pdf_bytes(report, *, venue_name, language):
    title = _("Volunteers' hours %(year)s") % {"year": report.year}
    sheet = Sheet(title=title, language=language, author=venue_name, landscape=True)
    sheet.line(venue_name, size=11, bold=True)
    sheet.heading(title, size=14)
    if report.provisional:
        sheet.line(_("The year is not over: these figures are provisional."), bold=True)
    sheet.line(
        _(
            "Contributions in kind: %(hours)s hours at %(rate)s an hour, valued at %(value)s "
            "(accounts 86 and 87)."
        )
        % {
            "hours": _hours(report.total),
            "rate": format_euros(report.rate),
            "value": format_euros(report.value),
        }
    )
    sheet.space(3)
    if not report.people:
        sheet.line(_("No hours were confirmed this year."))
        return sheet.output()
    width = min(24, 150 / max(len(report.teams), 1))
    columns = [
        (_("Volunteer"), 55, "L"),
        *((t.localized_name(), width, "R") for t in report.teams),
        (_("Hours"), 20, "R"),
        (_("Value"), 25, "R"),
        (_("No-shows"), 20, "R"),
    ]
    rows = [
        [
            person.name,
            *(_hours(h) for h in hours),
            _hours(person.total),
            format_euros(cents(person.total * report.rate)),
            str(person.no_shows),
        ]
        for person, hours in report.person_rows()
    ]
    totals = [
        [
            _("Total"),
            *(_hours(h) for h in report.team_totals()),
            _hours(report.total),
            format_euros(report.value),
            str(report.no_shows),
        ]
    ]
    sheet.table(columns, rows, totals=totals)
    sheet.keep(30)
    sheet.heading(_("Hours per month and team"))
    month_columns = [
        (_("Month"), 40, "L"),
        *((t.localized_name(), width, "R") for t in report.teams),
        (_("Hours"), 20, "R"),
    ]
    month_rows = [
        [formats.date_format(day, "F Y"), *(_hours(h) for h in hours), _hours(total)]
        for day, hours, total in report.month_rows()
    ]
    sheet.table(month_columns, month_rows)
    return sheet.output()
