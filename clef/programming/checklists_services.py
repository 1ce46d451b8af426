"""Actions on a screening's checklist: adding one, filling it in, publishing the
screening, and publishing it anyway with a written reason (commission members only).

Each checks, writes in one transaction, logs and returns; a refusal writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.programme import services as programme
from clef.programme import versioning
from clef.programme.models import Screening
from clef.programming import checklists
from clef.programming.models import Checklist, PublicationOverride
from clef.programming.proposals import in_commission

LONGEST_REASON = 2000

# The fields a programmer fills in (the form's, the API's, the demo's).
FIELDS = [
    "rights_requested_on",
    "copy_format",
    "copy_received_on",
    "kdm_valid_from",
    "kdm_valid_to",
    "subtitles_language",
    "subtitles_ready",
    "subtitles_by",
    "guest_name",
    "guest_confirmed",
    "guest_travel",
    "staff_ready",
    "poster_ready",
    "credit",
]


class ChecklistRefused(Refused):
    pass


is_commission = in_commission  # a member of the programming commission, or an administrator


def may_edit(user, screening):
    """Its programmer, the commission, and the back office's programmers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        screening.programmer_id == user.pk
        or user.has_perm("programme.change_screening")
        or is_commission(user)
    )


def _allowed(user, screening):
    if not may_edit(user, screening):
        raise Forbidden(
            "not_yours", _("Only its programmer or the programming commission may do this.")
        )


@transaction.atomic
def add_checklist(screening, *, by, proposal=None):
    """The screening's checklist, made if it has none (a double click makes one)."""
    _allowed(by, screening)
    Screening.objects.select_for_update().filter(pk=screening.pk).first()
    checklist, made = Checklist.objects.get_or_create(
        screening=screening, defaults={"proposal": proposal}
    )
    if made:
        log_action("programming.checklist.added", by=by, obj=checklist, screening=screening.pk)
    return checklist


@transaction.atomic
def update_checklist(checklist, values, *, by):
    """Set the items' fields from ``values`` (already read by a form): only ``FIELDS``."""
    _allowed(by, checklist.screening)
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    changed = []
    for name, value in values.items():
        if name not in FIELDS:
            continue
        if getattr(checklist, name) != value:
            setattr(checklist, name, value)
            changed.append(name)
    if not changed:
        return checklist
    _check(checklist)
    checklist.save()
    if "credit" in changed:
        versioning.bump()  # the public screening page names its programmer
    log_action("programming.checklist.updated", by=by, obj=checklist, fields=",".join(changed))
    return checklist


def _check(checklist):
    start, end = checklist.kdm_valid_from, checklist.kdm_valid_to
    if start and end and start > end:
        raise ChecklistRefused(
            "kdm_window", _("The key's (KDM) first valid day is after its last.")
        )
    try:
        checklist.full_clean(exclude=["screening", "proposal"])
    except ValidationError as error:
        raise ChecklistRefused("invalid", " ".join(error.messages)) from None


def publish(screening, *, by):
    """Publish ``screening``: refused (``PublicationRefused``) while its checklist lacks
    something, or the programme's own rules refuse."""
    _allowed(by, screening)
    try:
        programme.set_status(
            Screening.objects.filter(pk=screening.pk), Screening.Status.PUBLISHED, by=by
        )
    except ValidationError as error:
        raise ChecklistRefused("not_publishable", " ".join(error.messages)) from None


@transaction.atomic
def publish_anyway(screening, *, reason, by):
    """A commission member publishes a screening its checklist would hold back, saying
    why: the reason and what was missing are kept (``PublicationOverride``) and logged."""
    if not is_commission(by):
        raise Forbidden(
            "not_commission",
            _("Only a member of the programming commission may publish anyway."),
        )
    reason = (reason or "").strip()
    if not reason:
        raise ChecklistRefused("no_reason", _("Say why it is published anyway."))
    if len(reason) > LONGEST_REASON:
        raise ChecklistRefused(
            "long_reason",
            _("The reason is %(length)d characters long: keep it under %(max)d.")
            % {"length": len(reason), "max": LONGEST_REASON},
        )
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    checklist = Checklist.objects.select_for_update().filter(screening=screening).first()
    if checklist is None:
        raise ChecklistRefused("no_checklist", _("This screening has no checklist."))
    if screening.status == Screening.Status.PUBLISHED:
        return checklist  # a double click: published already, nothing more to keep
    lacking = checklists.missing(checklist)
    if lacking:
        override = PublicationOverride.objects.create(
            checklist=checklist, by=by, reason=reason, missing="; ".join(lacking)
        )
        log_action(
            "programming.checklist.published_anyway",
            by=by,
            obj=checklist,
            override=override.pk,
            reason=reason,
            missing=override.missing,
        )
    publish(screening, by=by)
    return checklist
