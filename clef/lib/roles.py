"""The roles people hold, and what each may do in the back office. One place for it.

A role is a Django group; its permissions are listed here by codename and given by
``ensure_roles()`` (run by ``clef ensure_roles`` and by the demo loader).

Views ask here too: ``role_required(test, role=...)`` is the one decorator that sends
visitors to sign in (coming back to the page after) and answers people signed in without
the right with the 403 page (``403.html``, in the site's look and the page's language),
saying which role the page is for and whom to ask. ``signed_in`` only asks to sign in.
"""

from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.text import get_text_list
from django.utils.translation import pgettext_lazy

ADMINISTRATOR = "administrator"
COORDINATOR = "coordinator"  # of the volunteers: teams, trainings, shifts, hours
COMMISSION = "commission"  # the programming commission: meetings, publishing anyway
PROGRAMMER = "programmer"
CASHIER = "cashier"
TREASURER = "treasurer"
VOLUNTEER = "volunteer"
MEMBER = "member"

# Each role as the 403 page names it.
ROLE_LABELS = {
    ADMINISTRATOR: pgettext_lazy("role", "administrator"),
    COORDINATOR: pgettext_lazy("role", "volunteers' coordinator"),
    COMMISSION: pgettext_lazy("role", "programming commission"),
    PROGRAMMER: pgettext_lazy("role", "programmer"),
    CASHIER: pgettext_lazy("role", "cashier"),
    TREASURER: pgettext_lazy("role", "treasurer"),
    VOLUNTEER: pgettext_lazy("role", "volunteer"),
    MEMBER: pgettext_lazy("role", "member"),
}

# Roles that use the back office (Django's admin).
STAFF_ROLES = {ADMINISTRATOR, PROGRAMMER, TREASURER, COORDINATOR}

_PROGRAMME = ["film", "cycle", "screening", "screeningfilm"]

ROLE_PERMISSIONS = {
    ADMINISTRATOR: "__all__",
    PROGRAMMER: [
        *(
            f"programme.{action}_{model}"
            for model in _PROGRAMME
            for action in ("add", "change", "view")
        ),
        "programme.delete_screeningfilm",
        # The rights agreement of the films they run, and the statement that follows.
        "accounting.add_rightsagreement",
        "accounting.change_rightsagreement",
        "accounting.delete_rightsagreement",
        "accounting.view_rightsagreement",
        "accounting.add_rightsholder",
        "accounting.change_rightsholder",
        "accounting.view_rightsholder",
        "venues.view_venue",
        "venues.view_room",
        # A programmer follows the screenings they run: who booked, who came.
        "tickets.view_ticket",
        "tickets.view_booking",
    ],
    TREASURER: [
        *(f"programme.view_{model}" for model in _PROGRAMME),
        "venues.view_venue",
        "venues.change_venue",
        "venues.view_room",
        "tickets.view_ticket",
        "tickets.view_booking",
        "members.view_membership",
        "payments.view_payment",
        "payments.view_paymentevent",
        # The bar's catalogue, and reading everything the till wrote.
        "boxoffice.add_product",
        "boxoffice.change_product",
        "boxoffice.view_product",
        "boxoffice.add_till",
        "boxoffice.change_till",
        "boxoffice.view_till",
        *(
            f"boxoffice.view_{model}"
            for model in (
                "tillsession",
                "sale",
                "saleline",
                "journalentry",
                "closing",
                "ticketstatement",
            )
        ),
        # The accounts: agreements, declarations, statements sent to rights holders.
        *(
            f"accounting.{action}_{model}"
            for model in ("rightsagreement", "rightsholder")
            for action in ("add", "change", "delete", "view")
        ),
        "accounting.add_distributorstatement",
        "accounting.view_distributorstatement",
        "accounting.add_statementsending",
        "accounting.view_statementsending",
        # Who refunded this, who cancelled that: the stored action log, read-only.
        "audit.view_action",
        # Fundraising: the legal bodies, campaigns, loans, patrons and counterparts.
        *(
            f"fundraising.{action}_{model}"
            for model in ("legalbody", "campaign", "loan", "patron", "counterpart")
            for action in ("add", "change", "view")
        ),
        "fundraising.delete_loan",
        "fundraising.delete_counterpart",
        # Gifts by cheque or transfer, receipts issued and cancelled, pledges followed.
        *(
            f"fundraising.{action}_{model}"
            for model in ("gift", "receipt", "pledge")
            for action in ("add", "change", "view")
        ),
    ],
    # The door: checks tickets in (and takes what is owed on a ticket to pay there).
    CASHIER: [
        "programme.view_screening",
        "tickets.view_ticket",
        "tickets.view_booking",
        "tickets.change_ticket",
        "members.view_membership",
        # The till: open and close a session, sell, undo the last sale.
        "boxoffice.view_till",
        "boxoffice.view_product",
        "boxoffice.add_tillsession",
        "boxoffice.change_tillsession",
        "boxoffice.view_tillsession",
        "boxoffice.add_sale",
        "boxoffice.view_sale",
        "boxoffice.view_ticketstatement",
    ],
    VOLUNTEER: [],
    MEMBER: [],
    # Their pages are the volunteers' and programming's own (`role_required` on the view).
    COORDINATOR: [
        # Teams, trainings, their sessions and who holds what, in the back office.
        *(
            f"volunteers.{action}_{model}"
            for model in ("team", "training", "trainingsession", "qualification", "shadowshift")
            for action in ("add", "change", "delete", "view")
        ),
        "volunteers.view_sessionregistration",
    ],
    COMMISSION: [],
}


# --- what a person may do, asked by the views (never by the templates) ----------------
def can_check_in(user):
    """The door: cashiers, administrators, anyone given ``tickets.change_ticket``."""
    return user.is_authenticated and user.is_active and user.has_perm("tickets.change_ticket")


def can_use_till(user):
    """The till: cashiers and administrators (``boxoffice.add_sale``)."""
    return user.is_authenticated and user.is_active and user.has_perm("boxoffice.add_sale")


def can_see_screening_overview(user):
    """A screening's seats and bookings: the door's staff, and programmers and treasurers
    (``tickets.view_ticket``)."""
    return can_check_in(user) or (
        user.is_authenticated and user.is_active and user.has_perm("tickets.view_ticket")
    )


def can_read_accounts(user):
    """Declarations, statements, statistics: treasurers and administrators."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("accounting.view_distributorstatement")
    )


def can_send_statements(user):
    return can_read_accounts(user) and user.has_perm("accounting.add_statementsending")


def can_edit_agreements(user):
    """A screening's rights agreements: programmers, treasurers, administrators."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("accounting.change_rightsagreement")
    )


def can_coordinate_volunteers(user):
    """Teams, trainings, hours: the volunteers' coordinators and administrators."""
    return user.is_authenticated and user.is_active and user.has_perm("volunteers.change_team")


# --- the one decorator ------------------------------------------------------------------
def role_required(test, *, role):
    """A view decorator: visitors are sent to sign in (``next`` brings them back); people
    signed in for whom ``test`` is false get the 403 page naming ``role`` (a role's name,
    or several in a tuple: any of them opens the page).

    ``test`` is a permission's dotted name (``"boxoffice.add_sale"``) or a function of
    the user (``can_use_till``)."""
    allowed = _as_test(test)
    needed = (role,) if isinstance(role, str) else tuple(role)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                return forbidden(request, needed)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def signed_in(view):
    """A view decorator for pages of anyone signed in (their own card, their reports):
    visitors are sent to sign in first. What they may see there is the view's check."""
    return role_required(_anyone, role=())(view)


def forbidden(request, role=()):
    """The 403 page: what the person may not see, which role opens it (``role``, or any
    of several in a tuple; none named when it is someone else's, like another cashier's
    session) and whom to ask (the venue's address, or an administrator)."""
    needed = (role,) if isinstance(role, str) else tuple(role)
    labels = [str(ROLE_LABELS.get(name, name)) for name in needed]
    return render(
        request,
        "403.html",
        {"needed_roles": labels, "needed_roles_text": get_text_list(labels)},
        status=403,
    )


def _as_test(test):
    if isinstance(test, str):
        return lambda user: user.is_active and user.has_perm(test)
    return test


def _anyone(user):
    return True


def ensure_roles():
    """Create the groups and give them exactly their permissions. Safe to run again."""
    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if names == "__all__":
            permissions = Permission.objects.all()
        else:
            permissions = [_permission(name) for name in names]
        group.permissions.set(permissions)
        groups[role] = group
    return groups


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)
