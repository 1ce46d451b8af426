"""A statement per rights holder per cinema week: what each screening of their films took
and what they are owed, and sending it to them.

``statement_content`` reads the live figures into a plain, JSON-able dict (amounts as
"12.50", times ISO with their offset, and every label needed to print it, in each of the
site's languages). The page, the PDF and the CSV are all drawn from such a dict, so a
version's documents are exactly what was sent.

``send`` freezes the content as a new version of the statement when it differs from the
last one (``DistributorStatement``: append-only, so a version once sent never changes),
logs the sending and emails the PDF and CSV in the holder's language after commit.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clef.accounting import access
from clef.accounting import statement_exports as exports
from clef.accounting.figures import AccountingRefused, held_screenings, statements_for
from clef.accounting.models import DistributorStatement, RightsHolder, StatementSending
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.lib.money import cents
from clef.lib.shares import ZERO

FORMAT = 1  # the shape of ``content``; raise it if the shape ever changes
ATTEMPTS = 3  # to take the next version number when two sends meet


def _money(amount):
    return str(cents(amount))


def _rate(rate):
    return None if rate is None else str(rate)


def _in_each_language(text_of):
    """``{"fr": ..., "en": ...}``: ``text_of()`` in each of the site's languages."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text_of())
    return texts


def _row(statement, line):
    screening = statement.screening
    local = screening.local_start
    agreement = line.agreement
    return {
        "screening": screening.pk,
        "starts_at": local.isoformat(),
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "room": screening.room.name,
        "film": line.film.title,
        "visa": line.film.visa_number,
        "version": line.shown.version,
        "version_text": _in_each_language(line.shown.version_text),
        "films_shown": len(statement.films),
        "admissions": statement.admissions,
        "paid": statement.paid,
        "free": statement.free,
        "receipts": _money(statement.receipts),
        "vat": _money(statement.vat),
        "tsa": _money(statement.tsa),
        "tsa_rate": str(statement.tsa_rate),
        "distributor_base": _money(statement.distributor_base),
        "portion": _money(line.portion),
        "terms": {
            "kind": agreement.kind,
            "rate": _rate(agreement.rate),
            "amount": _rate(agreement.amount),
            "text": _in_each_language(agreement.terms_text),
        },
        "owed": _money(line.owed),
    }


def statement_content(venue, holder, week, *, now=None):
    """What ``holder`` is owed for the cinema ``week`` at ``venue``, as a JSON-able dict:
    one row per screening held that week and film of it whose agreement names the holder,
    in order, and the totals. A screening showing several of the holder's films counts
    its admissions and receipts once in the totals. Four queries."""
    now = now or timezone.now()
    screenings = held_screenings(venue, week.start, week.end, now=now)
    figures = statements_for(screenings)
    rows = []
    counted = {}  # screening id -> its statement, once each
    for screening in screenings:
        statement = figures[screening.pk]
        for line in statement.films:
            if line.agreement is None or line.agreement.holder_id != holder.pk:
                continue
            rows.append(_row(statement, line))
            counted[screening.pk] = statement
    once = counted.values()
    return {
        "format": FORMAT,
        "venue": {"name": venue.name, "address": list(venue.address_lines)},
        "holder": {
            "id": holder.pk,
            "name": holder.name,
            "contact": holder.contact_name,
            "address": holder.address,
        },
        "week": {
            "start": week.start.isoformat(),
            "end": week.end.isoformat(),
            "provisional": not access.is_complete(venue, week, now=now),
        },
        "rows": rows,
        "totals": {
            "screenings": len(counted),
            "admissions": sum(s.admissions for s in once),
            "paid": sum(s.paid for s in once),
            "free": sum(s.free for s in once),
            "receipts": _money(sum((s.receipts for s in once), ZERO)),
            "vat": _money(sum((s.vat for s in once), ZERO)),
            "tsa": _money(sum((s.tsa for s in once), ZERO)),
            "portion": _money(sum((cents(r["portion"]) for r in rows), ZERO)),
            "owed": _money(sum((cents(r["owed"]) for r in rows), ZERO)),
        },
    }


def versions_of(venue, holder, week):
    """The versions already made, the latest first, with their sendings."""
    return list(
        DistributorStatement.objects.filter(venue=venue, holder=holder, week_start=week.start)
        .select_related("created_by")
        .prefetch_related("sendings__sent_by")
        .order_by("-version")
    )


def _latest(venue, holder, week):
    return (
        DistributorStatement.objects.filter(venue=venue, holder=holder, week_start=week.start)
        .order_by("-version")
        .first()
    )


def _version_for(venue, holder, week, content, *, by, now):
    """The latest version if its content is ``content``, else a new one. Returns
    (statement, made). The holder's row is locked (PostgreSQL; SQLite's immediate
    transactions queue writers already); should two sends still meet, the unique
    version number refuses the second, which then reads the first's."""
    RightsHolder.objects.select_for_update().filter(pk=holder.pk).first()
    for _attempt in range(ATTEMPTS):
        latest = _latest(venue, holder, week)
        if latest is not None and latest.content == content:
            return latest, False
        try:
            with transaction.atomic():
                return DistributorStatement.objects.create(
                    venue=venue,
                    holder=holder,
                    week_start=week.start,
                    version=latest.version + 1 if latest else 1,
                    content=content,
                    total=cents(content["totals"]["owed"]),
                    created_at=now,
                    created_by=by,
                ), True
        except IntegrityError:
            continue
    raise AccountingRefused(
        "busy", _("Someone else is sending this statement right now: try again in a moment.")
    )


def check_sendable(venue, holder, week, *, now=None):
    """Refuse what cannot be sent: no address, a week not begun."""
    if not holder.email:
        raise AccountingRefused(
            "no_email",
            _("%(holder)s has no email address: add one before sending the statement.")
            % {"holder": holder.name},
        )
    if week.start > venue.local_date(now or timezone.now()):
        raise AccountingRefused(
            "future_week",
            _("The week of %(day)s has not begun: there is nothing to send yet.")
            % {"day": week.start.isoformat()},
        )


def file_name(content, version, extension):
    """ "releve-survivance-2026-11-18-v2.pdf" in the active language."""
    stem = slugify(pgettext("file name", "statement"))
    holder = slugify(content["holder"]["name"]) or "holder"
    suffix = f"-v{version}" if version else ""
    return f"{stem}-{holder}-{content['week']['start']}{suffix}.{extension}"


def send(venue, holder, week, *, by, now=None):
    """Send ``holder`` their statement for ``week``: a new version if the figures changed
    since the last one, the same one otherwise. Returns the ``StatementSending``.
    Refused, with nothing written and no email, when the holder has no address, the
    week has not begun, or none of the holder's films was shown that week."""
    now = now or timezone.now()
    check_sendable(venue, holder, week, now=now)
    with transaction.atomic():
        content = statement_content(venue, holder, week, now=now)
        if not content["rows"]:
            raise AccountingRefused(
                "nothing",
                _("None of %(holder)s's films was shown in the week of %(day)s.")
                % {"holder": holder.name, "day": week.start.isoformat()},
            )
        statement, made = _version_for(venue, holder, week, content, by=by, now=now)
        sending = StatementSending.objects.create(
            statement=statement, to=holder.email, language=holder.language, sent_at=now, sent_by=by
        )
        with translation.override(holder.language):
            attachments = [
                (
                    file_name(content, statement.version, "pdf"),
                    exports.pdf(statement.content, statement=statement),
                    "application/pdf",
                ),
                (
                    file_name(content, statement.version, "csv"),
                    exports.csv(statement.content, statement=statement),
                    "text/csv",
                ),
            ]
        send_mail_on_commit(
            "accounting/emails/statement",
            {
                "venue_name": venue.name,
                "holder": holder,
                "week_start": week.start,
                "week_end": week.end,
                "version": statement.version,
                "replaces": statement.version > 1,
                "total": statement.total,
                "screenings": content["totals"]["screenings"],
                "provisional": content["week"]["provisional"],
            },
            to=holder.email,
            language=holder.language,
            attachments=attachments,
        )
        log_action(
            "accounting.statement.sent",
            by=by,
            holder=holder.pk,
            week=week.start.isoformat(),
            version=statement.version,
            new_version=made,
            to=holder.email,
            total=statement.total,
        )
    return sending
