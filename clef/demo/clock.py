"""The demo's clock: past events written as if they happened then."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.apps import apps
from django.utils import timezone


@contextmanager
def demo_clock():
    """Within, ``timezone.now()`` reads the moment last given to the yielded setter
    (the real time until one is given; a moment before the last one given is moved just
    after it, so that the clock never goes back); so do the model fields whose default is
    ``timezone.now``, which hold the function itself rather than looking it up."""
    real_now = timezone.now
    moment = {"at": None}

    def now():
        return moment["at"] or real_now()

    def set_clock(at):
        # Never back: an event set at the same minute as the one before comes after it.
        if moment["at"] is not None and at <= moment["at"]:
            at = moment["at"] + dt.timedelta(seconds=1)
        moment["at"] = at

    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.default is real_now
    ]
    # ``Field._get_default`` is cached on the field: set it, then restore what was there.
    saved = [(field, field.__dict__.get("_get_default")) for field in fields]
    try:
        for field in fields:
            field.__dict__["_get_default"] = now
        with mock.patch("django.utils.timezone.now", now):
            yield set_clock
    finally:
        for field, before in saved:
            if before is None:
                field.__dict__.pop("_get_default", None)
            else:
                field.__dict__["_get_default"] = before
