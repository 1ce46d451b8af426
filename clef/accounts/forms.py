"""What a person types on their account's pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from clef.accounts.services import (
    awaiting_confirmation,
    email_in_use,
    email_in_use_message,
    find_user,
    normalise_email,
)
from clef.lib.throttle import paused_message, sign_in_paused


class AccountForm(forms.Form):
    """Labels without a colon: they sit above their field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


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
        label=_("Language of your emails"),
        # Each language in its own name, as the language switch says it.
        choices=[
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        codes = [code for code, _name in settings.LANGUAGES]
        self.fields["language"].initial = current if current in codes else codes[0]
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email_in_use(email):
            raise ValidationError(email_in_use_message(), code="email_in_use")
        return email

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
            and awaiting_confirmation(account)
            and account.check_password(password)
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


class DeleteForm(AccountForm):
    """Erasing asks for the password, or for a typed word on an account without one."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    word = forms.CharField(label=_("Type the word"), max_length=40)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user.has_usable_password():
            del self.fields["word"]
        else:
            del self.fields["password"]
            self.fields["word"].label = _("Type %(word)s to confirm") % {
                "word": self.confirmation_word()
            }
            self.fields["word"].widget.attrs["autocomplete"] = "off"

    @staticmethod
    def confirmation_word():
        return str(pgettext_lazy("the word typed to erase an account", "ERASE"))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("This is not your password: nothing was erased."), code="wrong_password"
            )
        return password

    def clean_word(self):
        word = self.cleaned_data["word"].strip()
        if word.casefold() != self.confirmation_word().casefold():
            raise ValidationError(
                _("Type %(word)s exactly: nothing was erased.")
                % {"word": self.confirmation_word()},
                code="wrong_word",
            )
        return word
