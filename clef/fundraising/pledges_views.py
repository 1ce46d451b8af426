"""The treasurer's page of pledges (``/tresorerie/promesses/``): each pledge with its
schedule, what is paid and what is late; a pledge recorded; an instalment's payment
received (a cheque or a transfer: a gift with its receipt)."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from clef.fundraising import pledges
from clef.fundraising.gifts_forms import DonorFields
from clef.fundraising.models import Campaign, Gift, LegalBody, Pledge, PledgeInstalment
from clef.lib import forms as clef_forms
from clef.lib import roles
from clef.lib.refusals import Refused

treasurer_only = roles.role_required("fundraising.view_pledge", role=roles.TREASURER)


class PledgeForm(DonorFields):
    body = forms.ModelChoiceField(label=gettext_lazy("Legal body"), queryset=LegalBody.objects)
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects, required=False
    )
    total = forms.CharField(label=gettext_lazy("Amount promised (€)"), max_length=30)
    count = clef_forms.IntegerField(
        label=gettext_lazy("Instalments"), min_value=1, max_value=pledges.MOST_INSTALMENTS
    )
    every = clef_forms.IntegerField(
        label=gettext_lazy("Months between instalments"), min_value=1, max_value=12, initial=1
    )
    first_due = clef_forms.DateField(label=gettext_lazy("First instalment due on (2026-11-18)"))
    email = forms.EmailField(label=gettext_lazy("Donor's email address, for reminders"))
    field_order = ["body", "campaign", "total", "count", "every", "first_due"]


class PaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Method"),
        choices=[(m, Gift.Method(m).label) for m in (Gift.Method.CHEQUE, Gift.Method.TRANSFER)],
    )
    received_on = clef_forms.DateField(label=gettext_lazy("Received on (2026-11-18)"))
    reference = forms.CharField(
        label=gettext_lazy("Cheque number or transfer reference"), max_length=100, required=False
    )


@never_cache
@require_http_methods(["GET", "POST"])
@treasurer_only
def pledge_list(request):
    form = PledgeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pledges.make_pledge(
                    body=data["body"],
                    campaign=data["campaign"],
                    total=data["total"],
                    count=data["count"],
                    every_months=data["every"],
                    first_due=data["first_due"],
                    donor=form.donor(email=data["email"]),
                    by=request.user,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = 422
            else:
                messages.success(request, _("The pledge is recorded with its schedule."))
                return redirect("fundraising:pledges")
        else:
            status = 400
    rows = (
        Pledge.objects.select_related("body", "campaign")
        .prefetch_related(
            Prefetch(
                "instalments",
                queryset=PledgeInstalment.objects.select_related("gift").order_by("position"),
            )
        )
        .order_by("status", "-created_at", "-pk")[:200]
    )
    today = timezone.localdate()
    for pledge in rows:
        for instalment in pledge.instalments.all():
            # Each its own form: field ids stay unique on the page.
            instalment.form = PaymentForm(
                prefix=f"i{instalment.pk}", initial={"received_on": today.isoformat()}
            )
    return render(
        request,
        "fundraising/pledges_treasurer.html",
        {
            "form": form,
            "pledges": rows,
            "today": today,
        },
        status=status,
    )


@require_POST
@treasurer_only
def instalment_paid(request, pk):
    instalment = get_object_or_404(PledgeInstalment, pk=pk)
    form = PaymentForm(request.POST, prefix=f"i{instalment.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the method and type the day it was received."))
        return redirect("fundraising:pledges")
    try:
        pledges.pay_instalment(instalment, by=request.user, **form.cleaned_data)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The instalment is paid; its receipt is issued."))
    return redirect("fundraising:pledges")
