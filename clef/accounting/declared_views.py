"""Declaring a week and a month (a button on their pages), a declared version's page and
its files as they were made.

Declaring answers with the week's or month's page again, saying the version made or
why nothing was (``lib.refusals.refuse_on_page``). The panel on those pages (versions,
"changed since version N", the button) is ``templatetags/declared_tags.py``.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clef.accounting import access, declared
from clef.accounting.declared_content import change_lines
from clef.accounting.figures import AccountingRefused
from clef.accounting.models import Declaration, DeclarationFile
from clef.lib.refusals import refuse_on_page
from clef.venues.queries import current_venue

MAX_VERSION = 32767  # a version number is a small integer
FIRST_YEAR = 1900  # no cinema declared a month before


def _based_on(text):
    """The latest version the person saw (0: none), from the form; None when the form
    does not say. Refused if it is not a plain small number."""
    if text is None or text == "":
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= MAX_VERSION):
        raise declared.DeclarationRefused(
            "bad_version", _("The form was not understood: read the page again and declare.")
        )
    return int(text)


def _declared(request, made):
    messages.success(
        request,
        _("Declared: version %(version)s, frozen with its files.") % {"version": made.version},
    )


@access.sends_statements
@require_POST
def declare_week(request, day):
    venue = current_venue()
    week = access.week_of(venue, day)
    try:
        based_on = _based_on(request.POST.get("based_on"))
        made = declared.declare_week(venue, week, by=request.user, based_on=based_on)
    except declared.DeclarationRefused as refused:
        refuse_on_page(request, refused)
    else:
        _declared(request, made)
    return redirect(reverse("accounting:declaration", args=[week.start.isoformat()]))


@access.sends_statements
@require_POST
def declare_month(request, month):
    venue = current_venue()
    year, number = access.month_of(venue, month)
    if month != f"{year:04d}-{number:02d}" or year < FIRST_YEAR:
        # "٢٠٢٦-١١" reads as 2026-11 to int(); year 1 has no week before it
        raise AccountingRefused(
            "bad_month", _("“%(text)s” is not a month: write it as 2026-11.") % {"text": month}
        )
    try:
        based_on = _based_on(request.POST.get("based_on"))
        made = declared.declare_month(venue, year, number, by=request.user, based_on=based_on)
    except declared.DeclarationRefused as refused:
        refuse_on_page(request, refused)
    else:
        _declared(request, made)
    return redirect(reverse("accounting:monthly_tax", args=[f"{year:04d}-{number:02d}"]))


def _version(pk):
    return get_object_or_404(
        Declaration.objects.select_related("created_by", "venue"), pk=pk, venue=current_venue()
    )


@access.reads_accounts
def version(request, pk):
    """A declared version: who declared it and when, its totals, what changed since the
    version before, its files."""
    made = _version(pk)
    others = declared.versions_of(made.venue, made.kind, made.period_start)
    if made.kind == Declaration.Kind.WEEK:
        period = reverse("accounting:declaration", args=[made.period_start.isoformat()])
    else:
        period = reverse("accounting:monthly_tax", args=[f"{made.period_start:%Y-%m}"])
    return render(
        request,
        "accounting/declared_version.html",
        {
            "section": "declaration",
            "made": made,
            "files": made.files.defer("data").order_by("form", "language"),
            "changes": change_lines(made.changes),
            "versions": others,
            "period_url": period,
        },
    )


@access.reads_accounts
def version_file(request, pk, name):
    """One file of a declared version, byte for byte as it was made."""
    made = _version(pk)
    try:
        stored = made.files.get(name=name)
    except DeclarationFile.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    disposition = "attachment" if stored.form == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{stored.name}"'
    return response
