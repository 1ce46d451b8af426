from django.conf import settings

from clef.accounts import signins


class SignInMiddleware:
    """Keeps the list of where each person is signed in (``signins.check``); placed after
    Django's ``AuthenticationMiddleware``. A request without a session cookie (a visitor
    on a cached page) costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            signins.check(request)
        return self.get_response(request)
