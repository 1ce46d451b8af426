"""Emails, through Django's mail system, in the reader's language.

An email is two templates: ``<name>_subject.txt`` (one line) and ``<name>_body.txt``.
Sent after the transaction commits, so that a rolled-back change sends nothing.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name, context, *, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        # One line; French non-breaking spaces stay.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"{name}_subject.txt", context))
        subject = subject.strip()
        body = render_to_string(f"{name}_body.txt", context)
    return subject, body


def send_mail(name, context, *, to, language, attachments=(), headers=None):
    """Send now. ``attachments`` are (filename, bytes, mimetype) triples; ``headers``
    extra headers (a letter's ``List-Unsubscribe``)."""
    subject, body = render_mail(name, context, language=language)
    message = EmailMessage(
        subject, body, to=[to] if isinstance(to, str) else list(to), headers=headers
    )
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def send_mail_on_commit(name, context, *, to, language, attachments=()):
    transaction.on_commit(
        lambda: send_mail(name, context, to=to, language=language, attachments=attachments)
    )
