"""Erasing a person: every datum that names them is emptied or deleted; the records the
association must keep (tickets, bookings, memberships, payments, the till's sales and
sessions) stay, with nobody's name on them.

- Their bookings lose their address; their places on waiting lists go; their workshop
  registrations, made signed in or with their address signed out, keep the workshop, the
  child's age and the status, and nothing that names the child or the guardian.
- The action log keeps what was done, with the person as ``person #<id>`` wherever a
  detail or the object acted on named them (by username, address or full name).
- The back office's own log names the account and its person the same way.
- The account is deleted. Someone whose account the till's records must keep (a
  cashier's sessions and sales) keeps an empty one instead: named ``person-<id>``, no
  address, no password, no role, closed. What the till's signed journal wrote at the
  time stays as written: the law keeps it six years, unaltered.
"""

import re

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from clef.accounts import signins
from clef.accounts.personal_data import (
    actions_about,
    back_office_log_about,
    bookings_of,
    names_of,
    pseudonym,
    registrations_of,
    waiting_of,
)
from clef.audit.models import Action
from clef.lib.actions import log_action
from clef.tickets.models import Registration

# What an erased workshop registration keeps in place of the guardian's and child's names.
ERASED_TEXT = "—"
ERASED_EMAIL = "erased@erased.invalid"


@transaction.atomic
def erase_person(user, by=None):
    """Erase ``user`` and what names them; keep the accounting records, anonymised.
    Returns the id the person had."""
    user = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
    pk = user.pk
    names = names_of(user)
    # The back office's log names what it changed as it read then (a waiting list's
    # place reads as its address): found before those rows go.
    logged = list(back_office_log_about(user).values_list("pk", flat=True))
    signins.forget_all(user)
    bookings = bookings_of(user).update(email="")
    waiting, _deleted = waiting_of(user).delete()
    registered = list(registrations_of(user).values_list("pk", flat=True))
    Registration.objects.filter(pk__in=registered).update(
        child_first_name=ERASED_TEXT,
        guardian_name=ERASED_TEXT,
        guardian_phone=ERASED_TEXT,
        guardian_email=ERASED_EMAIL,
    )
    LogEntry.objects.filter(pk__in=logged).update(object_repr=pseudonym(pk))
    kept = _delete_or_empty(user)
    actions = _pseudonymise_actions(pk, names)
    log_action(
        "accounts.person.erased",
        by=by if by is not None and by.pk != pk else None,
        user=pk,
        by_themselves=by is None or by.pk == pk,
        bookings=bookings,
        waiting_list=waiting,
        registrations=len(registered),
        actions=actions,
        account_kept_for_records=kept,
    )
    return pk


def _delete_or_empty(user):
    """Delete the account; if records the law keeps point at it, empty it instead.
    True when it is kept."""
    try:
        with transaction.atomic():
            user.delete()
        return False
    except (ProtectedError, RestrictedError):
        pass
    # What deleting would have done to the rows that point at the account, but the kept
    # records: each relation as its own on_delete says (cleared or deleted).
    for relation in user._meta.related_objects:
        if relation.many_to_many:
            getattr(user, relation.get_accessor_name()).clear()
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: user})
        if relation.on_delete is models.SET_NULL:
            rows.update(**{relation.field.name: None})
        elif relation.on_delete is models.CASCADE:
            rows.delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"person-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save()
    return True


def _pseudonymise_actions(pk, names):
    """Put ``person #<pk>`` where an action's object or details named the person; the
    number of actions changed."""
    alias = pseudonym(pk)
    # Free text may hold the address or the full name; a bare username ("camille") is
    # replaced only as a whole value, not inside other words.
    inside = [
        re.compile(re.escape(name), re.IGNORECASE) for name in names if "@" in name or " " in name
    ]
    changed = []
    for action in actions_about(pk, names).only("pk", "subject_key", "data"):
        data = _replaced(action.data, names, inside, alias)
        key = _replaced(action.subject_key, names, inside, alias)[:100]
        if (data, key) != (action.data, action.subject_key):
            action.data, action.subject_key = data, key
            changed.append(action)
    Action.objects.bulk_update(changed, ["data", "subject_key"], batch_size=500)
    return len(changed)


def _replaced(value, names, inside, alias):
    if isinstance(value, dict):
        return {key: _replaced(item, names, inside, alias) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, names, inside, alias) for item in value]
    if isinstance(value, str):
        if value.strip().lower() in names:
            return alias
        for pattern in inside:
            value = pattern.sub(alias, value)
    return value
