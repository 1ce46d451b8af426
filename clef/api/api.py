"""clef's API, at ``/api/``: the public programme, and for signed-in people booking,
membership and check-in. OpenAPI at ``/api/openapi.json``, its pages at ``/api/docs``."""

import json
from decimal import Decimal
from functools import wraps

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.parser import Parser

from clef.api import bookings, door, errors, members, offline, polls, programme
from clef.api import campaigns as campaigns_api
from clef.api import proposals as proposals_api
from clef.api import shifts as shifts_api


class JsonWithDecimals(Parser):
    """Numbers with a fraction are read as Decimals, so that 7.50 stays 7.50 (money)."""

    def parse_body(self, request):
        return json.loads(request.body, parse_float=Decimal)


class ClefAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self.speaking(pattern.callback)
        return patterns, app_name, namespace

    def speaking(self, view):
        """Speak the caller's language (language cookie, then ``Accept-Language``, else
        French): Django's LocaleMiddleware gives the default language to every address
        outside ``i18n_patterns``. And answer a method an address does not take in JSON."""

        @wraps(view)
        def speaking(request, *args, **kwargs):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
                allow = response["Allow"]
                response = self.create_response(
                    request,
                    {
                        "code": "method_not_allowed",
                        "message": _("This address does not take %(method)s requests.")
                        % {"method": request.method},
                    },
                    status=405,
                )
                response["Allow"] = allow
            return response

        return speaking


api = ClefAPI(
    title="clef",
    version="1",
    description=(
        "The programme of the cinema, and booking for members. Errors are "
        '`{"code": "...", "message": "..."}`; messages follow `Accept-Language` (fr, en).'
    ),
    urls_namespace="api",
    docs_url="/docs",
    parser=JsonWithDecimals(),
)
errors.install(api)
api.add_router("", programme.router)
api.add_router("", bookings.router)
api.add_router("", members.router)
api.add_router("", door.router)
api.add_router("", offline.router)
api.add_router("", polls.router)
api.add_router("", proposals_api.router)
api.add_router("", shifts_api.router)
api.add_router("", campaigns_api.router)

# Last, so that it only catches what no other route takes.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def nothing_here(request, rest: str):
    """Any other address under /api/ answers a JSON 404 too."""
    raise Http404


api.add_router("", fallback)
