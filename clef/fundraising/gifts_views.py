"""The donor's pages: the form that gives (``/soutenir/<slug>/donner/``: what the gift
costs after the tax reduction, what a receipt needs, the counterparts), my gifts and
receipts (``/compte/dons/``), a receipt's PDF (its donor's, or a treasurer's; every
download after the first says "duplicate"). Giving makes no one a member: these pages
show gifts and receipts only."""

from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clef.fundraising import gifts, receipts, tax
from clef.fundraising.campaigns_queries import public_campaign
from clef.fundraising.gifts_forms import GiveForm
from clef.fundraising.models import Gift, Receipt
from clef.fundraising.receipts_pdf import receipt_pdf
from clef.lib import roles
from clef.lib.refusals import Refused
from clef.payments.methods import online_method

EXAMPLES = [Decimal(x) for x in ("20", "50", "100", "500")]


def _counterparts(campaign):
    """The campaign's counterparts still in stock, each with ``left`` (None: no limit)."""
    rows = list(
        campaign.counterparts.annotate(
            taken=Count("gifts", filter=~Q(gifts__status=Gift.Status.CANCELLED))
        ).order_by("minimum_gift", "pk")
    )
    for row in rows:
        row.left = None if row.stock is None else max(row.stock - row.taken, 0)
    return [row for row in rows if row.left is None or row.left > 0]


def _estimate(form):
    """The typed amount's estimate, or None while it cannot be read."""
    data = getattr(form, "cleaned_data", {})
    try:
        amount = gifts.parse_amount(data.get("amount"))
    except Refused:
        return None
    counterpart = form.chosen_counterpart() if data else None
    return tax.estimate(
        amount,
        data.get("kind") or "person",
        taxable_income=data.get("taxable_income"),
        counterpart_value=counterpart.declared_value if counterpart else Decimal("0"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def give(request, slug):
    campaign = public_campaign(slug)
    if campaign is None:
        raise Http404
    counterparts = _counterparts(campaign)
    form = GiveForm(campaign, counterparts, request.POST or None)
    context = {
        "campaign": campaign,
        "form": form,
        "examples": [tax.estimate(x) for x in EXAMPLES],
        "company_example": tax.estimate(Decimal("1000"), "company"),
        "online": online_method() is not None,
        "is_open": campaign.is_open(),
    }
    if request.method == "GET":
        return render(request, "fundraising/gift_form.html", context)
    if not form.is_valid():
        return render(request, "fundraising/gift_form.html", context, status=400)
    context["estimate"] = _estimate(form)
    if "estimate" in request.POST:
        return render(request, "fundraising/gift_form.html", context)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        _gift, url = gifts.give_online(
            campaign,
            amount=form.cleaned_data["amount"],
            donor=form.donor(email=request.user.email, show_name=form.cleaned_data["show_name"]),
            user=request.user,
            counterpart=form.chosen_counterpart(),
            monthly=form.cleaned_data["monthly"],
        )
    except Refused as refused:
        context["refusal"] = refused.message
        return render(request, "fundraising/gift_form.html", context, status=422)
    return redirect(url)


@never_cache
@require_GET
@roles.signed_in
def my_gifts(request):
    user = request.user
    return render(
        request,
        "fundraising/gifts_mine.html",
        {
            "gifts": Gift.objects.filter(donor=user)
            .select_related("campaign", "body", "counterpart")
            .order_by("-created_at", "-pk"),
            "receipts": Receipt.objects.filter(Q(donor=user) | Q(gifts__donor=user))
            .distinct()
            .select_related("body")
            .order_by("-issued_at", "-pk"),
            "monthly": user.monthly_gifts.filter(status="active"),
        },
    )


def may_read_receipt(user, receipt):
    if user.has_perm("fundraising.view_receipt"):
        return True
    return receipt.donor_id == user.pk or receipt.gifts.filter(donor=user).exists()


@never_cache
@require_GET
@roles.signed_in
def receipt_download(request, code):
    """A receipt's PDF; someone else's is a 404, never a hint that it exists."""
    receipt = get_object_or_404(Receipt.objects.select_related("body", "replaces"), code=code)
    if not may_read_receipt(request.user, receipt):
        raise Http404
    duplicate = receipts.count_print(receipt)
    response = HttpResponse(receipt_pdf(receipt, duplicate=duplicate), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="recu-{receipt.numbered}.pdf"'
    return response
