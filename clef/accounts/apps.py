from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clef.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        # Every way of signing in (these pages, the back office's) records its session:
        # Django's signals are the one hook all of them pass through.
        user_logged_in.connect(_signed_in, dispatch_uid="clef.accounts.signed_in")
        user_logged_out.connect(_signed_out, dispatch_uid="clef.accounts.signed_out")


def _signed_in(sender, request, user, **kwargs):
    from clef.accounts import signins

    if getattr(request, "session", None) is not None:
        signins.record(request, user)


def _signed_out(sender, request, user, **kwargs):
    from clef.accounts import signins

    if request is not None:
        signins.forget(request)
