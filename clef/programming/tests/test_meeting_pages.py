"""The meetings' pages: scheduling, the agenda, coming and proxies, running a meeting,
the minutes (page, PDF, email) and the calendar feed."""

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clef.programming import meetings, votes
from clef.programming.models import Meeting, Poll, Proposal, Proxy
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)


def _page(response):
    return response.content.decode()


def test_the_commission_schedules_a_meeting(client, commission):
    client.force_login(commission)
    day = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        reverse("programming:meetings"), {"day": day, "time": "19:30", "place": "Petite salle"}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "19:30"


def test_it_refuses_a_meeting_in_the_past_on_the_page(client, commission):
    client.force_login(commission)
    for day, time in [
        ("2020-01-01", "19:30"),
        ("0001-01-01", "19:30"),
        ("2026-13-40", "19:30"),
        ("٢٠٢٩-01-01", "19:30"),
        ("2030-01-01", "²9:30"),
        ("2030-01-01", "9" * 30),
    ]:
        response = client.post(
            reverse("programming:meetings"), {"day": day, "time": time, "place": "Hall"}
        )
        assert response.status_code == 400
    response = client.post(
        "/en" + reverse("programming:meetings"),
        {"day": "2020-01-01", "time": "19:30", "place": "Hall"},
    )
    assert "A meeting is scheduled in the future." in _page(response)
    assert Meeting.objects.count() == 0


def test_a_member_cannot_schedule_a_meeting(client, voters):
    client.force_login(voters[0])
    day = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        reverse("programming:meetings"), {"day": day, "time": "19:30", "place": "X"}
    )
    assert response.status_code == 403
    assert Meeting.objects.count() == 0


def test_the_agenda_page_costs_the_same_queries_for_more_items(
    client, meeting, agenda, voters, commission, make_proposal
):
    client.force_login(voters[0])
    url = meeting.get_absolute_url()
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    for title in ("A", "B", "C"):
        make_proposal(title)
    meetings.build_agenda(meeting, by=commission)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert _page(response).count('<th scope="row">') == 6
    assert len(six) == len(three)


def test_a_member_gives_a_proxy_on_the_page(client, meeting, voters):
    ada, basile = voters[:2]
    meetings.answer(meeting, basile, coming=True)
    client.force_login(ada)
    url = reverse("programming:meeting_answer", args=[meeting.pk])
    client.post(url, {"action": "proxy", "holder": "basile"})
    assert Proxy.objects.get().holder == basile
    response = client.post("/en" + url, {"action": "proxy", "holder": "chloe"}, follow=True)
    assert "You have already given your proxy: take it back first." in _page(response)
    assert Proxy.objects.count() == 1


def test_a_proxy_to_oneself_is_refused_on_the_page(client, meeting, voters):
    client.force_login(voters[0])
    meetings.answer(meeting, voters[0], coming=True)
    url = reverse("programming:meeting_answer", args=[meeting.pk])
    response = client.post("/en" + url, {"action": "proxy", "holder": "ada"}, follow=True)
    assert "You cannot give your proxy to yourself." in _page(response)
    assert Proxy.objects.count() == 0


def test_the_facilitator_runs_a_meeting_and_publishes_the_minutes(
    client,
    meeting,
    agenda,
    facilitator,
    commission,
    voters,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    proposer = agenda[0].proposal.proposer
    client.force_login(facilitator)
    run = reverse("programming:meeting_run", args=[meeting.pk])
    client.post(run, {"action": "open"})
    for voter in voters[:3]:
        client.post(run, {"action": "present", "person": voter.pk})
    first = agenda[0]
    client.post(run, {"action": "vote", "item": first.pk, "kind": "consent"})
    poll = Poll.objects.get()
    client.post(
        run, {"action": "record", "poll": poll.pk, "person": voters[0].pk, "answer": "consent"}
    )
    client.post(
        run,
        {
            "action": "record",
            "poll": poll.pk,
            "person": voters[1].pk,
            "answer": "object",
            "reason": "Trop long.",
        },
    )
    client.post(run, {"action": "close_vote", "poll": poll.pk})
    assert Poll.objects.get().outcome == "objected"
    client.post(run, {"action": "vote", "item": agenda[1].pk, "kind": "majority"})
    second = Poll.objects.get(item=agenda[1])
    for voter in voters[:3]:
        client.post(
            run, {"action": "record", "poll": second.pk, "person": voter.pk, "answer": "for"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run, {"action": "minutes", "text": "Prochaine réunion en janvier."})
        client.post(run, {"action": "close"})
        client.post(run, {"action": "publish"})
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.minutes_published_at is not None
    assert Proposal.objects.get(pk=first.proposal_id).status == "on_agenda"
    page = _page(client.get("/en" + meeting.get_absolute_url()))
    assert "Objection by Basile: Trop long." in page
    assert "0 for, 0 against" not in page and "3 for, 0 against, 0 abstaining (quorum 5)" in page
    pdf = client.get(reverse("programming:meeting_minutes_pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Trop long." in text and "Prochaine réunion en janvier." in text
    readers = sorted(m.to[0] for m in mailoutbox)
    assert readers == sorted(u.email for u in [*voters, facilitator, commission, proposer])


def test_the_minutes_are_not_shown_before_they_are_published(client, running, voters):
    client.force_login(voters[0])
    response = client.get(reverse("programming:meeting_minutes_pdf", args=[running.pk]))
    assert response.status_code == 404


def test_someone_else_cannot_run_the_meeting(client, meeting, voters):
    client.force_login(voters[0])
    run = reverse("programming:meeting_run", args=[meeting.pk])
    assert client.post(run, {"action": "open"}).status_code == 403
    assert Meeting.objects.get().status == "scheduled"


def test_odd_addresses_are_not_found(client, voters):
    client.force_login(voters[0])
    for pk in ("٣", "²", "9" * 30, "0"):
        assert client.get(f"/reunions/{pk}/").status_code == 404
        assert client.get(f"/sondages/{pk}/").status_code == 404


def test_the_calendar_lists_the_meetings(client, meeting):
    response = client.get(reverse("programming:meetings_calendar"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@clef" in body
    assert "LOCATION:Petite salle" in body
    assert f"DTSTART:{meeting.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in body


def test_a_member_votes_in_an_online_poll_then_sees_the_results(client, commission, voters):
    poll = votes.create_poll(
        question="Un cycle Varda ?",
        kind="majority",
        closes_at=timezone.now() + dt.timedelta(days=3),
        results_after_vote=True,
        by=commission,
    )
    client.force_login(voters[0])
    url = "/en" + poll.get_absolute_url()
    assert "The results are shown once you have voted." in _page(client.get(url))
    client.post(url, {"voter": voters[0].pk, "answer": "for"})
    assert "1 for, 0 against, 0 abstaining (quorum 5)" in _page(client.get(url))


def test_it_refuses_a_vote_after_the_poll_closed_on_the_page(client, commission, voters):
    poll = votes.create_poll(
        question="Un cycle Varda ?",
        kind="majority",
        closes_at=timezone.now() + dt.timedelta(days=3),
        by=commission,
    )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(voters[0])
    url = "/en" + poll.get_absolute_url()
    response = client.post(url, {"voter": voters[0].pk, "answer": "for"}, follow=True)
    assert "This poll is closed: votes are no longer taken." in _page(response)
    assert poll.ballots.count() == 0
