"""The declaration's panel on the week's and the month's pages: the versions declared,
whether the figures changed since the last one, and the button to declare.

The pages' templates include ``accounting/declared_week.html`` or
``accounting/declared_month.html``, which call these tags with the live declaration or
month they already read: the panel adds one query (the versions; their files make a
second once there are versions; the month's films without a visa number a third: the
week's declaration carries its own), never the figures again.
"""

import datetime as dt

from django import template
from django.urls import reverse

from clef.accounting import declared
from clef.accounting.declarations import films_without_visa
from clef.lib import roles

register = template.Library()


def _panel(request, state, *, action, over, ready_from, missing, listed_above=False):
    user = getattr(request, "user", None)
    may = user is not None and roles.can_send_statements(user)
    return {
        "state": state,
        "action": action,
        "over": over,
        "ready_from": ready_from,
        "missing": missing,
        "listed_above": listed_above,  # the week's page lists them at its top
        "may_declare": may and over and not missing and (state.latest is None or state.changed),
    }


@register.inclusion_tag("accounting/declared_panel.html", takes_context=True)
def week_declared(context, declaration):
    week = declaration.week
    return _panel(
        context.get("request"),
        declared.week_declared(declaration),
        action=reverse("accounting:declare_week", args=[week.start.isoformat()]),
        over=not declaration.provisional,
        ready_from=week.end + dt.timedelta(days=1),
        missing=declaration.films_without_visa,
        listed_above=True,
    )


@register.inclusion_tag("accounting/declared_panel.html", takes_context=True)
def month_declared(context, tax):
    return _panel(
        context.get("request"),
        declared.month_declared(tax),
        action=reverse("accounting:declare_month", args=[f"{tax.first:%Y-%m}"]),
        over=not tax.provisional,
        ready_from=tax.weeks[-1].week.end + dt.timedelta(days=1),
        missing=films_without_visa(tax.venue, tax.covers_from, tax.covers_to),
    )
