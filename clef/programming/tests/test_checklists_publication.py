import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from clef.audit.models import Action
from clef.lib import roles
from clef.lib.refusals import Forbidden
from clef.programme import services as programme
from clef.programme.models import Screening
from clef.programming import checklists, checklists_services
from clef.programming.checklists_services import ChecklistRefused
from clef.programming.models import Checklist, PublicationOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _staff_by_checkbox(monkeypatch):
    """The staff item read from the checkbox, whatever the volunteers' shifts say."""
    monkeypatch.setattr(
        checklists, "staffed", lambda screening, checklist: (checklist.staff_ready, [])
    )


@pytest.fixture
def commission_member(db):
    user = get_user_model().objects.create_user("colette", password="x-pass-12345")
    user.groups.add(roles.ensure_roles()[roles.COMMISSION])
    return user


@pytest.fixture
def draft(make_screening, venue, programmer):
    return make_screening(
        venue.local_date() + dt.timedelta(days=30),
        "20:30",
        status=Screening.Status.DRAFT,
        programmer=programmer,
    )


def _publish(screening, by=None):
    return programme.set_status(
        Screening.objects.filter(pk=screening.pk), Screening.Status.PUBLISHED, by=by
    )


def _complete(checklist, agree):
    agree(checklist.screening)
    screening = checklist.screening
    screening.description, screening.description_en = "Un film.", "A film."
    screening.save()
    day = screening.local_start.date()
    for name, value in {
        "copy_format": Checklist.Format.DCP,
        "copy_received_on": day - dt.timedelta(days=5),
        "kdm_valid_from": day - dt.timedelta(days=1),
        "kdm_valid_to": day + dt.timedelta(days=1),
        "staff_ready": True,
        "poster_ready": True,
    }.items():
        setattr(checklist, name, value)
    checklist.save()


def test_it_publishes_a_screening_without_a_checklist_as_before(draft):
    assert _publish(draft) == [draft.pk]


def test_it_refuses_to_publish_with_an_incomplete_checklist_saying_what_is_missing(
    draft, programmer
):
    checklists_services.add_checklist(draft, by=programmer)
    with pytest.raises(programme.PublicationRefused) as refused:
        _publish(draft, by=programmer)
    assert refused.value.code == "not_ready"
    assert refused.value.missing == [
        "the rights are not agreed",
        "the copy is not received",
        "the staff is not complete",
        "the programme text is missing in French and English",
        "the poster or still is missing",
    ]
    draft.refresh_from_db()
    assert draft.status == Screening.Status.DRAFT


def test_it_publishes_once_every_item_is_done(draft, programmer, agree):
    checklist = checklists_services.add_checklist(draft, by=programmer)
    _complete(checklist, agree)
    checklists_services.publish(draft, by=programmer)
    draft.refresh_from_db()
    assert draft.status == Screening.Status.PUBLISHED


def test_a_commission_member_publishes_anyway_with_a_reason_kept_and_logged(
    draft, programmer, commission_member
):
    checklist = checklists_services.add_checklist(draft, by=programmer)
    checklist.poster_ready = True
    checklist.save()
    checklists_services.publish_anyway(
        draft, reason="  The distributor confirmed by phone.  ", by=commission_member
    )
    checklists_services.publish_anyway(draft, reason="Clicked twice.", by=commission_member)
    draft.refresh_from_db()
    assert draft.status == Screening.Status.PUBLISHED
    override = PublicationOverride.objects.get()
    assert override.by == commission_member
    assert override.reason == "The distributor confirmed by phone."
    assert override.missing == (
        "the rights are not agreed; the copy is not received; the staff is not complete; "
        "the programme text is missing in French and English"
    )
    action = Action.objects.get(name="programming.checklist.published_anyway")
    assert action.by_id == commission_member.pk
    assert action.data["reason"] == "The distributor confirmed by phone."


def test_it_refuses_to_publish_anyway_without_a_reason_or_by_a_programmer(
    draft, programmer, commission_member
):
    checklists_services.add_checklist(draft, by=programmer)
    with pytest.raises(ChecklistRefused) as refused:
        checklists_services.publish_anyway(draft, reason=" \n ", by=commission_member)
    assert refused.value.code == "no_reason"
    with pytest.raises(ChecklistRefused) as refused:
        checklists_services.publish_anyway(draft, reason="x" * 5000, by=commission_member)
    assert refused.value.code == "long_reason"
    with pytest.raises(Forbidden):
        checklists_services.publish_anyway(draft, reason="Because.", by=programmer)
    draft.refresh_from_db()
    assert draft.status == Screening.Status.DRAFT
    assert not PublicationOverride.objects.exists()


def test_a_kdm_window_that_does_not_cover_the_screening_is_flagged(draft, programmer):
    checklist = checklists_services.add_checklist(draft, by=programmer)
    day = draft.local_start.date()
    checklist.copy_format = Checklist.Format.DCP
    checklist.copy_received_on = day - dt.timedelta(days=10)
    checklist.kdm_valid_from = day - dt.timedelta(days=10)
    checklist.kdm_valid_to = day - dt.timedelta(days=1)
    checklist.save()
    copy = next(item for item in checklists.items(checklist) if item.code == "copy")
    assert not copy.done
    assert copy.flags == [copy.missing]
    before, last = day - dt.timedelta(days=10), day - dt.timedelta(days=1)
    assert copy.missing == (
        f"the key (KDM) is valid from {before:%-d %B %Y} to {last:%-d %B %Y} and does not "
        f"cover the screening on {day:%-d %B %Y}"
    )
    checklist.kdm_valid_to = day
    checklist.save()
    copy = next(item for item in checklists.items(checklist) if item.code == "copy")
    assert copy.done and copy.flags == []


def test_a_file_copy_needs_no_key(draft, programmer):
    checklist = checklists_services.add_checklist(draft, by=programmer)
    checklist.copy_format = Checklist.Format.FILE
    checklist.copy_received_on = draft.local_start.date()
    checklist.save()
    copy = next(item for item in checklists.items(checklist) if item.code == "copy")
    assert copy.done


def test_items_are_due_the_set_days_before_the_screening_and_late_after(draft, programmer):
    checklist = checklists_services.add_checklist(draft, by=programmer)
    day = draft.local_start.date()
    found = {item.code: item for item in checklists.items(checklist, today=day)}
    assert found["rights"].due_on == day - dt.timedelta(days=21)
    assert found["text"].due_on == day - dt.timedelta(days=14)
    assert found["copy"].due_on == day - dt.timedelta(days=3)
    assert found["rights"].late and not found["guest"].late  # no guest: done
    early = checklists.items(checklist, today=day - dt.timedelta(days=25))
    assert not any(item.late for item in early)


def test_the_back_office_publish_action_shows_the_refusal(client, draft, programmer):
    checklists_services.add_checklist(draft, by=programmer)
    client.force_login(programmer)
    response = client.post(
        reverse("admin:programme_screening_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1
    assert "cannot be published yet: the rights are not agreed;" in shown[0]
    assert reverse("programming:checklist", args=[draft.pk]) in shown[0]
    draft.refresh_from_db()
    assert draft.status == Screening.Status.DRAFT


def test_the_back_office_form_refuses_to_publish_an_incomplete_checklist(rf, draft, programmer):
    from django.contrib import admin

    checklists_services.add_checklist(draft, by=programmer)
    model_admin = admin.site._registry[Screening]
    request = rf.get("/")
    request.user = programmer
    form_class = model_admin.get_form(request, draft)
    data = {
        field: value
        for field, value in form_class(instance=draft).initial.items()
        if value is not None
    }
    data.update(
        room=draft.room_id,
        starts_at_0=draft.local_start.strftime("%Y-%m-%d"),
        starts_at_1=draft.local_start.strftime("%H:%M"),
        status=Screening.Status.PUBLISHED,
    )
    form = form_class(data, instance=draft)
    assert not form.is_valid()
    assert form.errors["status"] == [
        "It cannot be published yet: the rights are not agreed; the copy is not received; "
        "the staff is not complete; the programme text is missing in French and English; "
        "the poster or still is missing."
    ]
    data["status"] = Screening.Status.DRAFT
    assert form_class(data, instance=draft).is_valid(), form_class(data, instance=draft).errors
