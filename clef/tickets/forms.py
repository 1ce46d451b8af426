"""What a member or a guardian types: how many seats and at what price, an address for a
waiting list, a child's registration for a workshop. The rules themselves live in the
services (``booking``, ``workshops``); these forms turn the fields into their arguments
and put a refusal beside the field it is about."""

import datetime as dt
import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clef.payments.methods import online_method
from clef.tickets import workshops
from clef.tickets.booking import BookingRefused, parse_price

# The value of the "other amount" choice beside the suggested prices.
OTHER = "other"
# An idempotency key as the booking form makes it (see ``new_key``).
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,80}")


def new_key():
    """A fresh idempotency key for one rendering of the booking form: sending the same
    form twice (a double click, a resubmission) books once."""
    return secrets.token_urlsafe(24)


def seats_offered(venue, seats):
    """How many seats the form offers: the venue's limit per booking, or fewer when fewer
    are left online or the person may hold fewer more (``seats`` counted with them)."""
    most = min(venue.seats_per_booking, seats.online_left)
    if seats.person_seats is not None:
        most = min(most, venue.seats_per_person - seats.person_seats)
    return max(1, most)


def door_holds_left(venue, seats):
    """How many more seats the person counted in ``seats`` may hold to pay at the door."""
    if seats.person_door_holds is None:
        return venue.door_hold_seats_per_person
    return max(0, venue.door_hold_seats_per_person - seats.person_door_holds)


class SeatCountForm(forms.Form):
    """The number of seats, asked in the query string (``?places=2``): it sets how many
    price fields the booking form shows."""

    places = forms.TypedChoiceField(label=_("Number of seats"), coerce=int)

    def __init__(self, data=None, *, most, **kwargs):
        # Never bound: a number out of range or nonsense is read as the nearest sensible one.
        self.most = most
        super().__init__(initial={"places": self.read(data or {})}, **kwargs)
        self.fields["places"].choices = [(n, str(n)) for n in range(1, most + 1)]

    def read(self, data):
        try:
            asked = int(data.get("places", 1))
        except (TypeError, ValueError):
            asked = 1
        return max(1, min(asked, self.most))

    def count(self):
        return self.initial["places"]


class BookingForm(forms.Form):
    """One price per seat (chosen among the suggested amounts or typed), and how to pay.

    The price of seat ``n`` is the choice ``price_n``: a suggested amount, or ``other``
    (or nothing) to take the amount typed in ``price_n_other``.
    """

    key = forms.CharField(widget=forms.HiddenInput, required=False)
    payment = forms.ChoiceField(
        label=_("Payment"), widget=forms.RadioSelect, required=False, choices=()
    )

    def __init__(self, *args, screening, places, now=None, door_holds_left=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.screening = screening
        self.venue = venue = screening.room.venue
        # Seats the person may still hold to pay at the door (None: the venue's limit).
        self.door_holds_left = (
            venue.door_hold_seats_per_person if door_holds_left is None else door_holds_left
        )
        self.suggested = venue.suggested_price_list()
        if not self.is_bound:
            self.initial.setdefault("key", new_key())
        # The number of seats travels in a hidden field beside the prices.
        self.places = self._places(places)
        self.held_until = screening.starts_at - dt.timedelta(minutes=venue.door_hold_minutes)
        self.payment_choices = self._payment_choices(now or timezone.now())
        self.fields["payment"].choices = self.payment_choices
        if "door" in dict(self.payment_choices):
            self.initial.setdefault("payment", "door")
        if not screening.is_free:
            for n in range(1, self.places + 1):
                self.fields[f"price_{n}"] = forms.CharField(required=False)
                self.fields[f"price_{n}_other"] = forms.CharField(required=False, max_length=20)

    def _places(self, asked):
        if self.is_bound:
            try:
                asked = int(self.data.get("places", ""))
            except ValueError:
                return 1
        return max(1, min(asked, self.venue.seats_per_booking))

    def _payment_choices(self, now):
        if self.screening.is_free:
            return []
        choices = []
        if (method := online_method()) is not None:
            choices.append((method.code, _("Pay now, online")))
        if now < self.held_until and self.door_holds_left > 0:
            choices.append(("door", _("Pay at the door")))
        return choices

    # --- what the template shows --------------------------------------------------------
    def seats(self):
        """Each seat's price field, as the template draws it."""
        rows = []
        for n in range(1, self.places + 1):
            name = f"price_{n}"
            chosen = self[name].value() or ""
            other = self[f"price_{n}_other"].value() or ""
            choices = [
                {
                    "value": f"{amount:.2f}",
                    "amount": amount,
                    "checked": chosen == f"{amount:.2f}",
                    "id": f"id_{name}_{i}",
                }
                for i, amount in enumerate(self.suggested)
            ]
            rows.append(
                {
                    "number": n,
                    "name": name,
                    "choices": choices,
                    "other_id": f"id_{name}_typed",
                    "other_choice_id": f"id_{name}_{OTHER}",
                    "other_value": other,
                    "other_checked": chosen == OTHER,
                    "errors": self.errors.get(name, []),
                    "error_id": f"id_{name}_error",
                }
            )
        return rows

    # --- what the service gets -----------------------------------------------------------
    def clean_key(self):
        key = self.cleaned_data["key"]
        return key if KEY_PATTERN.fullmatch(key) else None

    def clean(self):
        cleaned = super().clean()
        if self.screening.is_free:
            cleaned["prices"] = ["0"] * self.places
            cleaned["method"] = "free"
            return cleaned
        prices = []
        for n in range(1, self.places + 1):
            raw = self._raw_price(n)
            if raw == "":
                self.add_error(
                    f"price_{n}", gettext("Choose a price for this seat (€0 is allowed).")
                )
                continue
            try:
                prices.append(parse_price(raw, self.venue))
            except BookingRefused as refused:
                self.add_error(f"price_{n}", refused.message)
        cleaned["prices"] = prices
        method = cleaned.get("payment") or ""
        if prices and sum(prices) == 0:
            method = "free"
        elif not method and self.payment_choices:
            self.add_error("payment", gettext("Choose how to pay."))
        cleaned["method"] = method or "door"
        return cleaned

    def _raw_price(self, n):
        chosen = (self.data.get(f"price_{n}") or "").strip()
        if chosen in ("", OTHER):
            return (self.data.get(f"price_{n}_other") or "").strip()
        return chosen

    def add_refusal(self, refused):
        """Put a refusal of the booking service beside what it is about."""
        if refused.code.startswith("price_") and not self.screening.is_free:
            for n in range(1, self.places + 1):
                try:
                    price = parse_price(self._raw_price(n), self.venue)
                except BookingRefused:
                    price = None
                if price is None or (refused.code == "price_free" and price):
                    self.add_error(f"price_{n}", refused.message)
                    return
        if refused.code in ("door_closed", "door_hold_limit") and self.payment_choices:
            self.add_error("payment", refused.message)
            return
        if refused.code == "idempotency_conflict":
            self.add_error(
                None,
                gettext("This form was sent already. Reload the page to make another booking."),
            )
            return
        self.add_error(None, refused.message)


class WaitingListForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


PHONE = re.compile(r"\+?[0-9 ().-]+")


class RegistrationForm(forms.Form):
    """A guardian registers a child for a workshop."""

    child_first_name = forms.CharField(label=_("Child's first name"), max_length=80)
    child_age = forms.IntegerField(
        label=_("Child's age"),
        min_value=0,
        max_value=120,
        help_text=_("In years, on the day of the workshop."),
    )
    guardian_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    guardian_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        help_text=_("To reach you on the day."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    guardian_email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    photo_consent = forms.ChoiceField(
        label=_("May your child appear in photos of the workshop?"),
        choices=[("yes", _("Yes, I agree to the photo rules")), ("no", _("No photos, please"))],
        widget=forms.RadioSelect,
        help_text=_(
            "Our photo rules: during the workshop, a volunteer may photograph the children "
            "at work, to show the workshop on our website and in our fanzine. We never give a "
            "child's name, and never photograph a child whose guardian said no. You may "
            "change your mind at any time by writing to us."
        ),
    )

    def __init__(self, *args, screening, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.screening = screening

    def clean_child_first_name(self):
        return self.cleaned_data["child_first_name"].strip()

    def clean_child_age(self):
        age = self.cleaned_data["child_age"]
        try:
            workshops.check_age(self.screening, age)
        except BookingRefused as refused:
            raise forms.ValidationError(refused.message, code=refused.code) from None
        return age

    def clean_guardian_phone(self):
        phone = self.cleaned_data["guardian_phone"].strip()
        digits = sum(c.isdigit() for c in phone)
        if not PHONE.fullmatch(phone) or not 6 <= digits <= 20:
            raise forms.ValidationError(
                gettext("Type a phone number, like 06 12 34 56 78."), code="phone"
            )
        return phone

    def registration_fields(self):
        """The keyword arguments of ``workshops.register``."""
        data = self.cleaned_data
        return {
            "child_first_name": data["child_first_name"],
            "child_age": data["child_age"],
            "guardian_name": data["guardian_name"].strip(),
            "guardian_phone": data["guardian_phone"],
            "guardian_email": data["guardian_email"],
            "photo_consent": data["photo_consent"] == "yes",
        }
