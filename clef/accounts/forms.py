"""What a person types on their account's pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from clef.accounts.services import (
    awaiting_confirmation,
    find_user,
    is_held_password,
    normalise_email,
)
from clef.lib.throttle import paused_message, sign_in_paused


class AccountForm(forms.Form):
    """Labels without a colon: they sit above their field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def language_choices():
    """Each language in its own name, as the language switch says it."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class SignUpForm(AccountForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        help_text=_("We send a link to it to confirm it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(
        label=_("Language of your emails"), choices=language_choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        codes = [code for code, _name in settings.LANGUAGES]
        self.fields["language"].initial = current if current in codes else codes[0]
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def clean_email(self):
        # An address with an account is not refused here: the page answers the same for
        # every address, and the owner is told by email (services.sign_up).
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # The validators compare the password with the names and the address (the
            # username is the address too: left out, so that the message says "email").
            candidate = get_user_model()(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AccountForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        self.unconfirmed = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if not (email and password):
            return cleaned
        account = find_user(email)
        username = account.get_username() if account is not None else normalise_email(email)
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is not None:
            return cleaned
        # The throttle (clef/lib/throttle.py) paused password sign-in: say so.
        if sign_in_paused(self.request):
            raise ValidationError(paused_message(), code="throttled")
        if (
            account is not None
            and self.request is not None
            and awaiting_confirmation(account)
            and is_held_password(self.request.session, account, password)
        ):
            # Said only to the one who knows the password: no account is revealed.
            self.unconfirmed = True
            raise ValidationError(
                _(
                    "This address is not confirmed yet: open the link we sent to it, "
                    "or ask for a new one below."
                ),
                code="unconfirmed",
            )
        raise ValidationError(
            _("This email and password do not match an account. Check them and try again."),
            code="invalid_login",
        )


class EmailForm(AccountForm):
    """One address: to get a sign-in link, or the confirmation link again."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def check_current_password(request, user, password):
    """Whether ``password`` is the password of ``user``, asked again on a page they are
    signed in to; checked by ``authenticate()`` so that the throttle counts a wrong one as
    at the sign-in page (a session left open is no way to find the password by trying),
    and refuses even the right one while paused, saying so."""
    found = authenticate(request, username=user.get_username(), password=password)
    if found is None and sign_in_paused(request):
        raise ValidationError(paused_message(), code="throttled")
    return found is not None and found.pk == user.pk


class DeleteForm(AccountForm):
    """Erasing is confirmed by a link sent to the account's address, not by a password
    (an account may sign in by links only): the form is a button, under CSRF."""


# --- changing one's account -------------------------------------------------------------------
class NewPasswordForm(AccountForm, SetPasswordForm):
    """A new password, twice, checked by Django's validators in the reader's language."""


class ChangePasswordForm(AccountForm, PasswordChangeForm):
    """The current password, then the new one twice."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not check_current_password(self.request, self.user, old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


def password_form(user, data=None, *, request):
    """Asks for the current password only if the account has one: someone who always
    signed in by links has none to give."""
    if user.has_usable_password():
        return ChangePasswordForm(user, data, request=request)
    return NewPasswordForm(user, data)


class NameForm(AccountForm):
    first_name = SignUpForm.base_fields["first_name"]
    last_name = SignUpForm.base_fields["last_name"]
    language = SignUpForm.base_fields["language"]


class AddressForm(AccountForm):
    """A new address, and the current password if the account has one (a session left
    open somewhere must not be enough to move the account)."""

    email = forms.EmailField(
        label=_("New address"),
        max_length=150,
        help_text=_("We send a link to it: your address changes when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, request, **kwargs):
        self.user, self.request = user, request
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email == normalise_email(self.user.email):
            raise ValidationError(
                _("This is already the address of your account."), code="same_address"
            )
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not check_current_password(self.request, self.user, password):
            raise ValidationError(
                _("This is not your password: your address was not changed."),
                code="wrong_password",
            )
        return password
