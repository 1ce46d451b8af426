"""The roles people hold, and what each may do in the back office. One place for it.

A role is a Django group; its permissions are listed here by codename and given by
``ensure_roles()`` (run by ``clef ensure_roles`` and by the demo loader).
"""

from django.contrib.auth.models import Group, Permission

ADMINISTRATOR = "administrator"
PROGRAMMER = "programmer"
CASHIER = "cashier"
TREASURER = "treasurer"
VOLUNTEER = "volunteer"
MEMBER = "member"

# Roles that use the back office (Django's admin).
STAFF_ROLES = {ADMINISTRATOR, PROGRAMMER, TREASURER}

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
