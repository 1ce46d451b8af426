"""The week's programme by email, for whoever asks, member or not.

Asking sends a link to the address; its page's button confirms the reader (nothing is
sent to an address that did not confirm). Opening a link (a GET) never changes anything,
so a mail scanner that fetches every link of a message neither confirms nor unsubscribes.
``clef send_letter``, run by a timer (each Tuesday, say), sends the coming cinema week's
screenings to every confirmed reader in their language, once per reader and week
(``LetterSent``): run twice, it sends nothing new. Each letter carries a signed link to a
page whose one button unsubscribes, and the headers that let a mail program do it in one
click (RFC 8058: a POST of ``List-Unsubscribe=One-Click`` to the same address, without
the site's cookies); a link whose signature does not match changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from clef.lib.actions import log_action
from clef.lib.mail import send_mail, send_mail_on_commit
from clef.programme.models import Screening
from clef.programme.queries import screenings_between
from clef.site.models import LetterReader, LetterSent

CONFIRM_SALT = "clef.site.letter.confirm"
LEAVE_SALT = "clef.site.letter.leave"
CONFIRM_DAYS = 3


def ask(email, *, language):
    """Send the link that confirms ``email``; the same answer whoever asks (a reader
    already confirmed is sent nothing)."""
    email = email.strip().lower()
    with transaction.atomic():
        reader, _created = LetterReader.objects.get_or_create(
            email=email, defaults={"language": language}
        )
        if reader.is_reading:
            return reader
        reader.language = language
        reader.save(update_fields=["language"])
        token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{reader.pk}:{email}")
        send_mail_on_commit(
            "site/emails/letter_confirm",
            {"link": _address("site:letter_confirm", token, language)},
            to=email,
            language=language,
        )
        log_action("site.letterreader.asked", obj=reader)
    return reader


def _confirming(token):
    """``(pk, email)`` that a confirmation link names, or None for a link altered or too
    old."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=dt.timedelta(days=CONFIRM_DAYS)
        )
    except signing.BadSignature:
        return None
    pk, _sep, email = value.partition(":")
    return (pk, email) if pk.isascii() and pk.isdigit() else None


def to_confirm(token):
    """The reader a confirmation link names, nothing written (its page, opened by a GET);
    None for a link altered or too old."""
    named = _confirming(token)
    if named is None:
        return None
    return LetterReader.objects.filter(pk=named[0], email=named[1]).first()


def confirm(token):
    """The reader the link names, now confirmed (its page's button); None for a link
    altered or too old."""
    named = _confirming(token)
    if named is None:
        return None
    pk, email = named
    with transaction.atomic():
        reader = LetterReader.objects.select_for_update().filter(pk=pk, email=email).first()
        if reader is None:
            return None
        if not reader.is_reading:
            reader.confirmed_at, reader.left_at = timezone.now(), None
            reader.save(update_fields=["confirmed_at", "left_at"])
            log_action("site.letterreader.confirmed", obj=reader)
    return reader


def leave_token(reader):
    return signing.Signer(salt=LEAVE_SALT).sign(str(reader.pk))


def _leaving(token):
    """The reader's pk a signed unsubscribe link names, or None for a link altered."""
    try:
        pk = signing.Signer(salt=LEAVE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return pk if pk.isascii() and pk.isdigit() else None


def to_leave(token):
    """The reader an unsubscribe link names, nothing written (its page, opened by a
    GET); None for a link altered."""
    pk = _leaving(token)
    return None if pk is None else LetterReader.objects.filter(pk=pk).first()


def leave(token):
    """Unsubscribe the reader the signed link names (its page's button, or the mail
    program's one-click POST); None for a link altered."""
    pk = _leaving(token)
    if pk is None:
        return None
    with transaction.atomic():
        reader = LetterReader.objects.select_for_update().filter(pk=pk).first()
        if reader is not None and reader.left_at is None:
            reader.left_at = timezone.now()
            reader.save(update_fields=["left_at"])
            log_action("site.letterreader.left", obj=reader)
    return reader


def coming_week(venue, today=None):
    """The cinema week a letter sent today announces: the one holding tomorrow."""
    return venue.week_of((today or venue.local_date()) + dt.timedelta(days=1))


def send_week(venue, *, today=None):
    """Send the coming week's letter to every confirmed reader not sent it yet; returns how
    many were sent."""
    week = coming_week(venue, today)
    screenings = list(
        screenings_between(venue, week.start, week.end).filter(status=Screening.Status.PUBLISHED)
    )
    sent = 0
    readers = LetterReader.objects.filter(confirmed_at__isnull=False, left_at__isnull=True)
    for reader in readers.exclude(sent__week_start=week.start).order_by("pk"):
        try:
            with transaction.atomic():
                LetterSent.objects.create(reader=reader, week_start=week.start)
        except IntegrityError:
            continue  # another run sent it meanwhile
        leave = settings.SITE_URL + _address(
            "site:letter_leave", leave_token(reader), reader.language
        )
        send_mail(
            "site/emails/letter_week",
            {"venue": venue, "week": week, "screenings": screenings, "leave": leave},
            to=reader.email,
            language=reader.language,
            headers={
                "List-Unsubscribe": f"<{leave}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        sent += 1
    log_action("site.letter.sent", week=week.start.isoformat(), readers=sent)
    return sent


def _address(name, token, language):
    """The page ``name`` as the reader's language addresses it (``/en/...`` in English)."""
    with translation.override(language):
        return reverse(name, args=[token])
