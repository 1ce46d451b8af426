"""Every error the API answers is JSON ``{"code": ..., "message": ...}``: ``code`` is
stable (programs test it), ``message`` is in the request's language (``Accept-Language``)."""

import logging

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from clef.lib.refusals import Refused

# Refusals caused by what was sent (422); every other refusal is a conflict with the
# state of things: the screening, the seats, the ticket, the membership (409).
INPUT_CODES = {"too_many", "no_seats"}
logger = logging.getLogger("django.request")
INPUT_PREFIXES = ("price_", "amount_")


class ApiError(Refused):
    """A refusal that only the API makes (a missing permission, an unknown screening),
    with its HTTP status."""

    def __init__(self, status, code, message):
        super().__init__(code, message)
        self.status = status


def refusal_status(code):
    return 422 if code in INPUT_CODES or code.startswith(INPUT_PREFIXES) else 409


def status_of(refused):
    """A refusal's HTTP status: the one it names (403 for ``Forbidden``, an ``ApiError``'s
    own), else one told by its code."""
    if isinstance(refused, ApiError) or refused.status != Refused.status:
        return refused.status
    return refusal_status(refused.code)


def install(api):
    """Put clef's error answers in place of ninja's defaults."""

    def answer(request, status, code, message, **extra):
        return api.create_response(
            request, {"code": code, "message": str(message), **extra}, status=status
        )

    @api.exception_handler(Refused)
    def refused(request, exc):
        return answer(request, status_of(exc), exc.code, exc.message)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = [
            {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
            for error in exc.errors
        ]
        message = _("The request is not valid: see “errors” for each field.")
        return answer(request, 422, "invalid", message, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("Sign in: send “Authorization: Bearer <token>”, or a session.")
        response = answer(request, 401, "unauthenticated", message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404, "not_found", _("There is nothing at this address."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 403:
            return answer(request, 403, "forbidden", _("You may not do this."))
        if exc.status_code == 400:
            return answer(request, 400, "bad_request", _("The request's body is not JSON."))
        return answer(request, exc.status_code, "error", exc.message)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        if settings.DEBUG:
            raise exc
        logger.error("Internal Server Error: %s", request.path, exc_info=exc)
        return answer(request, 500, "server_error", _("Something went wrong on our side."))
