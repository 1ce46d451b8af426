"""A secret vote: the facilitator sees counts only; no page, PDF, API answer, stored
action or log line ties a voter to a choice."""

import io
import json
import logging

from pypdf import PdfReader

from clef.audit.models import Action
from clef.programming import meetings_run
from clef.programming.models import Ballot
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)


def test_a_secret_vote_never_reveals_a_voters_choice(client, running, voters, facilitator, caplog):
    ada, basile = voters[:2]
    item = running.items.first()
    poll = meetings_run.open_vote(running, kind="consent", item=item, secret=True, by=facilitator)
    url = f"/en/sondages/{poll.pk}/"
    caplog.set_level(logging.INFO, logger="clef.actions")
    client.force_login(ada)
    client.post(url, {"voter": ada.pk, "answer": "consent"})
    client.force_login(basile)
    client.post(url, {"voter": basile.pk, "answer": "object", "reason": "Vu partout."})
    client.post(url, {"voter": basile.pk, "answer": "object", "reason": "Déjà vu partout."})

    ballots = list(Ballot.objects.filter(poll=poll).values("voter", "cast_by", "created_at"))
    assert ballots == [{"voter": None, "cast_by": None, "created_at": None}] * 3

    client.force_login(facilitator)
    run = client.get(f"/en/reunions/{running.pk}/animer/").content.decode()
    assert "1 consents, 1 objections" in run
    assert "Record a vote" not in run
    assert "(Consent)" not in run and "(Objection)" not in run
    page = client.get(url).content.decode()
    assert "1 consents, 1 objections" in page
    assert "Objection: Déjà vu partout." in page
    for name in ("Ada", "Basile", "ada", "basile"):
        assert name not in page.split("<main", 1)[1].split("</main>", 1)[0]

    answer = client.get(f"/api/polls/{poll.pk}").json()
    assert answer["results"] == {"consents": 1, "objections": 1, "reasons": ["Déjà vu partout."]}
    text = json.dumps(answer)
    assert (
        "ada" not in text
        and "basile" not in text
        and str(ada.pk) not in json.dumps(answer["results"])
    )

    meetings_run.close_vote(poll, by=facilitator)
    meetings_run.close_meeting(running, by=facilitator)
    minutes = client.get(f"/en/reunions/{running.pk}/").content.decode()
    assert "Objection: Déjà vu partout." in minutes and "Objection by" not in minutes
    pdf = client.get(f"/en/reunions/{running.pk}/compte-rendu.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Déjà vu partout." in text
    assert "Objection by" not in text and "Objection de" not in text

    for action in Action.objects.filter(name="programming.poll.voted"):
        assert set(action.data) == {"poll", "replaced"}
    lines = [r.getMessage() for r in caplog.records if "poll.voted" in r.getMessage()]
    assert len(lines) == 3
    assert not any("answer" in line or "consent" in line or "object" in line for line in lines)
