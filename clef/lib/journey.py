"""Where a visitor was going when the site asked them to sign in, sign up or join first
(a screening's booking form): kept in their session through each step, so that each step
can bring them back, and forgotten once they are there."""

from django.utils.http import url_has_allowed_host_and_scheme

KEY = "clef_going_to"


def remember(request, url):
    """Keep ``url`` (an address of this site only) as where ``request``'s visitor goes."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[KEY] = url


def going_to(request):
    return request.session.get(KEY, "")


def arrived(request):
    """The visitor reached where they were going (or chose to go elsewhere)."""
    request.session.pop(KEY, None)
