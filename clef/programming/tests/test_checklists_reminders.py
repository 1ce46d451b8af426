import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from clef.programme.models import Screening
from clef.programming import checklists
from clef.programming.models import Checklist, ChecklistReminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_by_checkbox(monkeypatch):
    monkeypatch.setattr(
        checklists, "staffed", lambda screening, checklist: (checklist.staff_ready, [])
    )


def _screening_of(programmer, make_screening, venue, days=10):
    screening = make_screening(
        venue.local_date() + dt.timedelta(days=days),
        "20:30",
        status=Screening.Status.DRAFT,
        programmer=programmer,
    )
    Checklist.objects.create(screening=screening, poster_ready=True)
    return screening


def test_a_late_item_is_emailed_once_in_the_programmers_language(
    make_member, make_screening, venue, django_capture_on_commit_callbacks
):
    programmer = make_member("ada", language="en")
    screening = _screening_of(programmer, make_screening, venue)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("checklist_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("checklist_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ada@example.org"]
    assert sent.subject == f"Late on the checklist of “{screening.display_title}”"
    day = screening.local_start.date()
    rights_due = day - dt.timedelta(days=21)
    assert f"- Rights: the rights are not agreed (due on {rights_due:%-d %B %Y})" in sent.body
    assert "Programme text in French and English: the programme text is missing" in sent.body
    assert "Copy" not in sent.body  # due three days before: not late yet
    assert "Poster" not in sent.body  # ready
    assert sorted(ChecklistReminder.objects.values_list("item", flat=True)) == [
        "rights",
        "text",
    ]


def test_nothing_is_sent_for_a_screening_far_ahead(
    make_member, make_screening, venue, django_capture_on_commit_callbacks
):
    _screening_of(make_member("ada"), make_screening, venue, days=40)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("checklist_reminders", stdout=io.StringIO())
    assert mail.outbox == []
