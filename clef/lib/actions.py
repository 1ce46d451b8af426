"""The action log: every change to money, tickets, people or the programme is told here
under a dotted name (``programme.screening.duplicated``), with who did it and what.

Each call is a row of ``audit.Action``, written in the caller's transaction (rolled back
with it), and a line on the ``clef.actions`` logger. The row keeps who acted by user id,
when (UTC), the dotted name, the object acted on and the details as JSON, with no email
address in them. The till's journal keeps its own signed records of money.

The object acted on is read from the name and the details: in ``boxoffice.sale.made``
with ``sale="K7F2Q"`` it is the ``boxoffice.sale`` whose key is ``K7F2Q``. The second part
of the name names the model (of the first part's app, else the one clef model of that
name: ``boxoffice.screening.cancelled`` is about a ``programme.screening``), and the
detail of that name its pk or code; without it, the plural detail when it lists exactly
one (``tickets="2026-000123"``, not ``"2026-000123,2026-000124"`` nor a count). A caller
may name the object instead with ``obj=`` (a model instance).
"""

import functools
import json
import logging
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

logger = logging.getLogger("clef.actions")

# Names whose second part is not the model's name.
SUBJECT_TYPES = {
    "boxoffice.session": "boxoffice.tillsession",
    "api.token": "api.apitoken",
}

# What stands in the stored details for an email address found in a value.
EMAIL_MASK = "[email]"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Details under these names are left out of the stored row altogether.
_PERSONAL_KEYS = {"email", "emails", "address", "addresses"}


def log_action(name, *, by=None, obj=None, **data):
    who = getattr(by, "username", None) or "system"
    details = " ".join(f"{key}={value}" for key, value in sorted(data.items()))
    logger.info("%s by=%s %s", name, who, details)
    subject_type, subject_key = _subject(name, obj, data)
    apps.get_model("audit", "Action")._default_manager.create(
        at=timezone.now(),
        name=name,
        by_id=getattr(by, "pk", None),
        subject_type=subject_type,
        subject_key=subject_key,
        data=stored_data(data),
    )


def _subject(name, obj, data):
    if obj is not None:
        return obj._meta.label_lower, str(obj.pk)
    parts = name.split(".")
    if len(parts) < 3:
        return "", ""
    key = _only_one(_key(data.get(parts[1])))
    listed = data.get(parts[1] + "s")
    if key is None and isinstance(listed, (str, list, tuple)):  # not a count
        key = _only_one(_key(listed))
    if key is None:
        return "", ""
    return _model_label(parts[0], parts[1]), key[:100]


def _key(value):
    """A detail as an object's key (text), or None when it cannot be one."""
    if hasattr(value, "_meta"):  # a model instance given as the detail
        value = value.pk
    if value is None or value == "" or isinstance(value, (dict, bool)):
        return None
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value) if value else None
    return str(value)


def _only_one(keys):
    """The key, unless the detail lists several ("4,5")."""
    return keys if keys is not None and "," not in keys else None


@functools.cache
def _model_label(app_label, word):
    dotted = f"{app_label}.{word}"
    if dotted in SUBJECT_TYPES:
        return SUBJECT_TYPES[dotted]
    try:
        return apps.get_model(app_label, word)._meta.label_lower
    except LookupError:
        pass
    named = [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.model_name == word and model.__module__.startswith("clef.")
    ]
    return named[0] if len(named) == 1 else dotted


def stored_data(data):
    """The details as they are stored: JSON (amounts as "12.50", dates in ISO), with no
    detail named like an address and every email address in a value masked."""
    plain = json.loads(json.dumps(data, cls=_Encoder))
    return _without_emails(plain)


def _without_emails(value):
    if isinstance(value, dict):
        return {
            key: _without_emails(item) for key, item in value.items() if not _is_personal_key(key)
        }
    if isinstance(value, list):
        return [_without_emails(item) for item in value]
    if isinstance(value, str) and "@" in value:
        return _EMAIL.sub(EMAIL_MASK, value)
    return value


def _is_personal_key(key):
    key = key.lower()
    return key in _PERSONAL_KEYS or key.endswith(("_email", "_address"))


class _Encoder(DjangoJSONEncoder):
    """Decimals, dates and times as Django writes them; anything else as its text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


# --- reading the log back ------------------------------------------------------------------
def keys_of(obj):
    """The keys an action may name ``obj`` by: its pk, its code, its text (a ticket's
    number)."""
    keys = {str(obj.pk), str(obj)}
    if code := getattr(obj, "code", None):
        keys.add(str(code))
    return keys


def actions_on(obj, *, limit=100):
    """The actions logged on ``obj``, newest first, each with ``who``: the name of the
    person who acted while their account exists, "#id" once it is gone, "" for the
    system. Two queries."""
    Action = apps.get_model("audit", "Action")
    actions = list(
        Action._default_manager.filter(
            subject_type=obj._meta.label_lower, subject_key__in=keys_of(obj)
        ).order_by("-at", "-pk")[:limit]
    )
    names = usernames({a.by_id for a in actions})
    for action in actions:
        action.who = who(action.by_id, names)
    return actions


def usernames(ids):
    """{user id: username} for the accounts among ``ids`` that still exist."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    users = get_user_model()._default_manager
    return dict(users.filter(pk__in=ids).values_list("pk", get_user_model().USERNAME_FIELD))


def who(by_id, names):
    if by_id is None:
        return ""
    return names.get(by_id) or f"#{by_id}"
