"""Whole-page caching for anonymous visitors, keyed by a version of the data.

The key holds the language, the full path with its query, and a version computed by a
cheap query: when the data changes, the version changes and the next visitor gets a
fresh page, on every server process, with no invalidation to remember.
"""

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language


def cached_for_visitors(version, *, timeout=600):
    """Cache a GET view's 200 responses for anonymous visitors.

    ``version(request)`` returns a string that changes whenever the page would.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or "messages" in request.COOKIES
                or request.user.is_authenticated
            ):
                return view(request, *args, **kwargs)
            raw = f"{get_language()}:{request.get_full_path()}:{version(request)}"
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response

        return wrapper

    return decorator
