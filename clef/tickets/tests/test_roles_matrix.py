"""Who may open the door's pages: each role against each page, as a matrix."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from clef.lib import roles

# What each person gets: 200 (the page), 403 (signed in, not allowed), 302 (sent to sign in).
MATRIX = {
    #                          door  check-in  overview
    roles.ADMINISTRATOR: (200, 200, 200),
    roles.CASHIER: (200, 200, 200),
    roles.PROGRAMMER: (403, 403, 200),
    roles.TREASURER: (403, 403, 200),
    roles.VOLUNTEER: (403, 403, 403),
    roles.MEMBER: (403, 403, 403),
    roles.COORDINATOR: (403, 403, 403),
    roles.COMMISSION: (403, 403, 403),
    "no role": (403, 403, 403),
    "tickets.change_ticket alone": (200, 200, 200),
    "tickets.view_ticket alone": (403, 403, 200),
    "superuser": (200, 200, 200),
    "visitor": (302, 302, 302),
}


def person(who):
    if who == "visitor":
        return None
    users = get_user_model().objects
    if who == "superuser":
        return users.create_superuser("root", "root@example.org", "x")
    username = who.replace(" ", "-").replace(".", "-")
    user = users.create_user(username, f"{username}@example.org")
    if who in roles.ROLE_PERMISSIONS:
        user.groups.add(roles.ensure_roles()[who])
    elif who.endswith(" alone"):
        app_label, codename = who.removesuffix(" alone").split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def test_the_matrix_names_every_role():
    assert set(roles.ROLE_PERMISSIONS) <= set(MATRIX)


@pytest.mark.parametrize("who", MATRIX)
def test_who_may_open_the_doors_pages(client, on_sale, who):
    if (user := person(who)) is not None:
        client.force_login(user)
    with translation.override("en"):
        urls = [
            reverse("tickets:door"),
            reverse("boxoffice:door_check_in", args=[on_sale.pk]),
            reverse("tickets:screening_overview", args=[on_sale.pk]),
        ]
    assert tuple(client.get(url).status_code for url in urls) == MATRIX[who]


@pytest.mark.parametrize(
    ("who", "door", "overview"),
    [(who, codes[0] == 200, codes[2] == 200) for who, codes in MATRIX.items() if who != "visitor"],
)
def test_the_helpers_answer_like_the_pages(db, who, door, overview):
    user = person(who)
    assert (roles.can_check_in(user), roles.can_see_screening_overview(user)) == (door, overview)


def test_an_inactive_cashier_may_not(db):
    user = person(roles.CASHIER)
    user.is_active = False
    assert (roles.can_check_in(user), roles.can_see_screening_overview(user)) == (False, False)
