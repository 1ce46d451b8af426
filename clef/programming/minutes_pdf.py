"""The minutes as an A4 PDF (`compte-rendu.pdf`), in the active language, drawn by
`lib.pdf.Sheet`: nothing cut, tables that wrap."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clef.lib.pdf import Sheet, clock, long_date
from clef.programming.minutes import minutes_of
from clef.programming.models import Poll


def name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def counts_text(summary):
    result, poll = summary.result, summary.poll
    if poll.kind == Poll.Kind.CONSENT:
        return _("%(consents)s consents, %(objections)s objections") % {
            "consents": result.consents,
            "objections": result.objections,
        }
    if poll.kind == Poll.Kind.MAJORITY:
        return _("%(for)s for, %(against)s against, %(abstain)s abstaining (quorum %(quorum)s)") % {
            "for": result.votes_for,
            "against": result.against,
            "abstain": result.abstain,
            "quorum": result.quorum,
        }
    return " > ".join(choice.label for choice in summary.ranking)


def minutes_pdf(meeting):
    minutes = minutes_of(meeting)
    local = timezone.localtime(meeting.starts_at)
    title = _("Minutes of the programming meeting of %(day)s") % {"day": long_date(local)}
    sheet = Sheet(title=title, language=get_language())
    sheet.heading(title, size=14)
    sheet.line(
        _("%(time)s, %(place)s. Facilitated by %(facilitator)s.")
        % {
            "time": clock(local),
            "place": meeting.place,
            "facilitator": name(meeting.facilitator) or "—",
        }
    )
    sheet.heading(_("Attendance"))
    sheet.note(
        _("Present (%(count)s): %(names)s")
        % {"count": len(minutes.present), "names": ", ".join(map(name, minutes.present)) or "—"}
    )
    for giver, holder in minutes.represented:
        sheet.note(
            _("%(giver)s represented by %(holder)s")
            % {"giver": name(giver), "holder": name(holder)}
        )
    sheet.heading(_("Agenda and decisions"))
    for number, entry in enumerate(minutes.items, start=1):
        sheet.line(f"{number}. {entry.item}", bold=True)
        if entry.item.proposal:
            sheet.note(
                _("Proposed by %(name)s; now: %(status)s")
                % {
                    "name": name(entry.item.proposal.proposer),
                    "status": entry.item.proposal.get_status_display(),
                }
            )
        for summary in entry.votes:
            _vote_lines(sheet, summary)
        if entry.item.decision:
            sheet.note(entry.item.decision)
        sheet.space()
    for summary in minutes.rankings:
        sheet.line(summary.poll.question, bold=True)
        _vote_lines(sheet, summary)
        columns = [(_("Preferred"), 50, "L")] + [
            (choice.label, (sheet.inner - 50) / len(summary.ranking), "R")
            for choice, _cells in summary.table
        ]
        rows = [
            [choice.label] + ["—" if cell is None else f"{cell[0]} ({cell[1]})" for cell in cells]
            for choice, cells in summary.table
        ]
        sheet.table(columns, rows)
        sheet.note(
            _(
                "Each cell: how many preferred the line's proposal to the column's, and in "
                "brackets the strength of its strongest path (Schulze)."
            )
        )
    if meeting.minutes:
        sheet.heading(_("Notes"))
        for paragraph in meeting.minutes.split("\n"):
            if paragraph.strip():
                sheet.note(paragraph.strip())
    return sheet.output()


def _vote_lines(sheet, summary):
    poll = summary.poll
    secret = _("secret vote") if poll.secret else _("open vote")
    sheet.note(
        f"{poll.get_kind_display()} ({secret}): {counts_text(summary)}. "
        f"{poll.get_outcome_display()}"
    )
    for person, reason in summary.objections:
        if person is None:
            sheet.note(_("Objection: %(reason)s") % {"reason": reason})
        else:
            sheet.note(
                _("Objection by %(name)s: %(reason)s") % {"name": name(person), "reason": reason}
            )
