"""A member's membership: the one valid now, the ones before, and joining or renewing."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.members.models import Membership
from clef.members.services import current_membership, parse_amount, start_membership
from clef.payments.methods import online_method
from clef.venues.queries import current_venue

router = Router(tags=["membership"], auth=SIGNED_IN)


@router.get("/membership", response={200: schemas.Memberships, 401: schemas.Error})
def get_membership(request):
    """My membership valid today (or null), and all my memberships, the latest first."""
    venue = current_venue()
    current = current_membership(request.auth, venue)
    history = (
        Membership.objects.filter(person=request.auth, venue=venue)
        .select_related("payment")
        .order_by("-created_at", "-pk")
    )
    return {
        "current": membership_out(request, current) if current else None,
        "history": [membership_out(request, m) for m in history],
    }


@router.post(
    "/membership",
    response={
        201: schemas.Membership,
        401: schemas.Error,
        409: schemas.Error,
        422: schemas.Invalid,
    },
)
def join(request, payload: schemas.MembershipIn):
    """Join, or renew, for ``amount`` euros within the venue's scale; pay at
    ``payment_url`` (an amount of 0, when allowed, is taken at once)."""
    venue = current_venue()
    amount = parse_amount(venue, payload.amount)
    method = online_method()
    if amount and method is None:
        raise ApiError(
            409,
            "online_payment_unavailable",
            _("Paying online is not offered: join at the door."),
        )
    membership = start_membership(
        request.auth, venue, amount=amount, method=method.code if amount else "free"
    )
    return Status(201, membership_out(request, membership))


def membership_out(request, membership):
    payment_url = None
    payment = membership.payment
    if (
        membership.status == Membership.Status.PENDING
        and payment is not None
        and (url := payment.method_object.start(payment))
    ):
        payment_url = request.build_absolute_uri(url)
    return {
        "code": membership.code,
        "number": None if membership.number is None else str(membership),
        "season": membership.season,
        "amount": f"{membership.amount:.2f}",
        "status": membership.status,
        "starts_on": membership.starts_on,
        "ends_on": membership.ends_on,
        "payment_url": payment_url,
        "url": request.build_absolute_uri(membership.get_absolute_url()),
    }
