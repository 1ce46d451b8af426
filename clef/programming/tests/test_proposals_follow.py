"""Followers hear of a proposal as each chose: at each change, in a weekly digest, or not,
in their own language; the digest run twice sends nothing twice."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from clef.programming import proposals_writing as writing
from clef.programming.models import Proposal, ProposalDigest
from clef.programming.proposals import change_status
from clef.programming.proposals_follow import send_digests
from clef.programming.tests.proposal_helpers import *  # noqa: F403

S = Proposal.Status


def test_each_change_is_mailed_in_each_readers_language(
    submitted, make_member, commission_member, django_capture_on_commit_callbacks
):
    anna = make_member("anna", language="en")
    bruno = make_member("bruno", language="fr")
    writing.follow(submitted, by=anna, choice="each")
    writing.follow(submitted, by=bruno, choice="each")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(submitted, S.ON_AGENDA, by=commission_member, reason="Réunion de mars")
    sent = {m.to[0]: m for m in mail.outbox}
    # The proposer follows too; the commission member who acted is not told.
    assert sorted(sent) == ["anna@example.org", "bruno@example.org", "pablo@example.org"]
    assert sent["anna@example.org"].subject == "“Wanda”: On an agenda"
    assert "Why: Réunion de mars" in sent["anna@example.org"].body
    with translation.override("fr"):  # « Wanda » : À l’ordre du jour, once translated
        french = gettext("“%(title)s”: %(status)s") % {
            "title": "Wanda",
            "status": pgettext("proposal", "On an agenda"),
        }
    assert sent["bruno@example.org"].subject == french


def test_the_author_of_a_comment_is_not_told_of_it(
    submitted, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        writing.comment(submitted, by=member, text="Bravo")
    assert [m.to for m in mail.outbox] == [["pablo@example.org"]]
    assert "Bravo" in mail.outbox[0].body


def test_weekly_and_silent_followers_get_nothing_at_once(
    submitted, make_member, django_capture_on_commit_callbacks
):
    for name, choice in (("wanda", "weekly"), ("nina", "none")):
        writing.follow(submitted, by=make_member(name), choice=choice)
    writing.follow(submitted, by=submitted.proposer, choice="none")
    with django_capture_on_commit_callbacks(execute=True):
        writing.comment(submitted, by=make_member("marc"), text="Oui")
    assert mail.outbox == []


def test_the_weekly_digest_is_sent_once_a_week(
    submitted, make_member, django_capture_on_commit_callbacks
):
    reader = make_member("wanda", language="en")
    writing.follow(submitted, by=reader, choice="weekly")
    writing.comment(submitted, by=make_member("marc"), text="Une copie existe au CNC.")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
        assert send_digests() == 0
        call_command("proposal_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["wanda@example.org"]]
    digest = mail.outbox[0]
    # Its submission this week, and the comment.
    assert digest.subject == "The proposals you follow: 2 changes this week"
    assert "“Wanda” is now: Submitted." in digest.body
    assert "== Wanda ==" in digest.body
    assert "Une copie existe au CNC." in digest.body
    assert ProposalDigest.objects.filter(user=reader).count() == 1


def test_the_next_weeks_digest_holds_only_what_came_after(
    submitted, make_member, django_capture_on_commit_callbacks
):
    reader = make_member("wanda")
    writing.follow(submitted, by=reader, choice="weekly")
    writing.comment(submitted, by=make_member("marc"), text="Premier")
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
    later = timezone.now() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=later) == 0  # nothing new: nothing sent
    assert len(mail.outbox) == 1
