"""An email to the programmer when an item of their screening's checklist is late: one
per item and due day (`ChecklistReminder`), so the timer's command
(`clef checklist_reminders`) run twice sends nothing twice."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.programming.checklists_queries import coming_checklists, row_of
from clef.programming.models import ChecklistReminder
from clef.programming.proposals_follow import language_of


def send_late_reminders(*, now=None):
    """Email each programmer the items of their coming screenings that are late and not
    yet told; returns how many emails were sent."""
    sent = 0
    for row in coming_checklists(now=now or timezone.now()):
        programmer = row.screening.programmer
        if programmer is None or not programmer.email or not row.late:
            continue
        language = language_of(programmer)
        with translation.override(language):  # what is missing, in the reader's words
            row = row_of(row.screening)
        if _remind(row, programmer, language):
            sent += 1
    return sent


def _remind(row, programmer, language):
    new = []
    try:
        with transaction.atomic():
            for item in row.late:
                _reminder, made = ChecklistReminder.objects.get_or_create(
                    checklist=row.checklist, item=item.code, due_on=item.due_on
                )
                if made:
                    new.append(item)
            if not new:
                return False
            send_mail_on_commit(
                "programming/emails/checklist_late",
                {"screening": row.screening, "items": new, "programmer": programmer},
                to=programmer.email,
                language=language,
            )
            log_action(
                "programming.checklist.late_reminded",
                obj=row.checklist,
                items=",".join(item.code for item in new),
            )
    except IntegrityError:  # another run told them at the same moment
        return False
    return True
