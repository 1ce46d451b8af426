"""The till as an installable web app: its manifest and its service worker, which keeps
the till's screens for when the network drops (``site/static/clef/offline.js`` sells
then, and sends the sales to ``/api/till/sync`` when it is back)."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    return render(
        request,
        "boxoffice/manifest.webmanifest",
        content_type="application/manifest+json; charset=utf-8",
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """At ``/caisse/sw.js``, so that it may keep every page under ``/caisse/``."""
    return render(request, "boxoffice/sw.js", content_type="text/javascript; charset=utf-8")
