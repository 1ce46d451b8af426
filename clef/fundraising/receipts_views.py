"""The treasurer's pages of gifts and receipts: ``/tresorerie/dons/`` (the year's gifts,
and a cheque or transfer typed), ``/tresorerie/recus/`` (receipts issued and cancelled,
the year's receipts issued for donors who chose one a year), a receipt cancelled and
replaced, and the yearly statement (CGI 222 bis) as a page, CSV and PDF."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clef.fundraising import gifts, receipts, receipts_statement
from clef.fundraising.gifts_forms import CancelForm, TypedGiftForm, YearForm
from clef.fundraising.models import Gift, LegalBody, Receipt
from clef.lib import forms, roles, spreadsheet
from clef.lib.refusals import Refused

FIRST_YEAR = 1973
SHOWN = 200

treasurer_only = roles.role_required("fundraising.view_receipt", role=roles.TREASURER)


def _year(request):
    text = request.GET.get("year")
    this_year = timezone.localdate().year
    if text in (None, ""):
        return this_year
    return forms.parse_int(
        text, low=FIRST_YEAR, high=this_year, code="bad_year", name=_("the year")
    )


def _bad_input(request, refused):
    return render(request, "site/400.html", {"message": refused.message}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@treasurer_only
def gift_list(request):
    try:
        year = _year(request)
    except forms.BadInput as refused:
        return _bad_input(request, refused)
    form = TypedGiftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                gift = gifts.record_typed(
                    body=data["body"],
                    campaign=data["campaign"],
                    amount=data["amount"],
                    method=data["method"],
                    received_on=data["received_on"],
                    reference=data["reference"],
                    donor=form.donor(email=data["email"]),
                    by=request.user,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = 422
            else:
                messages.success(
                    request,
                    _("The gift of %(amount)s is recorded.") % {"amount": gift.amount},
                )
                return redirect("fundraising:gifts")
        else:
            status = 400
    rows = (
        Gift.objects.filter(Q(paid_at__year=year) | Q(paid_at__isnull=True, created_at__year=year))
        .select_related("campaign", "body", "counterpart")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "fundraising/gifts_treasurer.html",
        {"form": form, "gifts": rows[:SHOWN], "count": rows.count(), "year": year},
        status=status,
    )


@never_cache
@require_GET
@treasurer_only
def receipt_list(request):
    try:
        year = _year(request)
    except forms.BadInput as refused:
        return _bad_input(request, refused)
    rows = (
        Receipt.objects.filter(year=year)
        .select_related("body", "replaces")
        .order_by("body__name", "-number")
    )
    return render(
        request,
        "fundraising/receipts_treasurer.html",
        {
            "receipts": rows[:SHOWN],
            "count": rows.count(),
            "year": year,
            "year_form": YearForm(
                initial={
                    "year": timezone.localdate().year - 1,
                    "body": LegalBody.objects.filter(kind=LegalBody.Kind.ENDOWMENT_FUND)
                    .order_by("pk")
                    .first(),
                }
            ),
            "statement": receipts_statement.statement(year),
        },
    )


@require_POST
@treasurer_only
def issue_year(request):
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a legal body and a year."))
        return redirect("fundraising:receipts")
    try:
        made = receipts.issue_year(
            form.cleaned_data["body"], form.cleaned_data["year"], by=request.user
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("%(count)s receipts issued for the year.") % {"count": len(made)}
        )
    return redirect(f"{_receipts_url()}?year={form.cleaned_data['year']}")


def _receipts_url():
    from django.urls import reverse

    return reverse("fundraising:receipts")


@never_cache
@require_http_methods(["GET", "POST"])
@treasurer_only
def receipt_cancel(request, code):
    receipt = get_object_or_404(Receipt.objects.select_related("body"), code=code)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                new = receipts.cancel(
                    receipt,
                    reason=data["reason"],
                    by=request.user,
                    name=data["name"],
                    address=data["address"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = 422
            else:
                messages.success(
                    request,
                    _("Receipt %(old)s is cancelled; receipt %(new)s replaces it.")
                    % {"old": receipt.numbered, "new": new.numbered},
                )
                return redirect(f"{_receipts_url()}?year={new.year}")
        else:
            status = 400
    return render(
        request,
        "fundraising/receipt_cancel.html",
        {"receipt": receipt, "form": form},
        status=status,
    )


def _statement_year(request, year):
    this_year = timezone.localdate().year
    return forms.parse_int(year, low=FIRST_YEAR, high=this_year, code="bad_year")


@require_GET
@treasurer_only
def statement(request, year):
    try:
        year = _statement_year(request, year)
    except forms.BadInput as refused:
        return _bad_input(request, refused)
    return render(
        request,
        "fundraising/receipts_statement.html",
        {"statement": receipts_statement.statement(year), "year": year},
    )


@require_GET
@treasurer_only
def statement_csv(request, year):
    try:
        year = _statement_year(request, year)
    except forms.BadInput as refused:
        return _bad_input(request, refused)
    found = receipts_statement.statement(year)
    response = HttpResponse(
        spreadsheet.csv_bytes(receipts_statement.header(), receipts_statement.csv_rows(found)),
        content_type=spreadsheet.CONTENT_TYPE,
    )
    name = _("receipts-%(year)s.csv") % {"year": year}
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@treasurer_only
def statement_pdf(request, year):
    try:
        year = _statement_year(request, year)
    except forms.BadInput as refused:
        return _bad_input(request, refused)
    found = receipts_statement.statement(year)
    pdf = receipts_statement.statement_pdf(found, get_language() or "fr")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _("receipts-%(year)s.pdf") % {"year": year}
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
