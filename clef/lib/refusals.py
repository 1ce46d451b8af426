"""The one refusal type: a service that cannot do what it is asked raises ``Refused``
(or a subclass named after its domain), having written nothing.

``code`` is stable (the API returns it, tests match it); ``message`` is already in the
reader's language. Views turn it into a page message and the API into a JSON error, each
in one place.
"""


class Refused(Exception):
    """An action refused, with a stable ``code`` and a translated ``message``."""

    status = 400

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Forbidden(Refused):
    """Refused because the person may not do this (another cashier's session, say)."""

    status = 403


def refuse_on_page(request, refused):
    """Tell the person on the next page why their action was refused (the one place a
    refusal becomes a page message)."""
    from django.contrib import messages

    messages.error(request, refused.message)
