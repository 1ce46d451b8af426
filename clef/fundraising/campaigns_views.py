"""The public campaign pages: the list, a campaign, its small page for other sites'
frames, its figures as JSON and its image. Cached for visitors, keyed so that a gift
shows at once (`campaigns_queries.page_version`)."""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from clef.fundraising import campaigns_queries as queries
from clef.lib.localized import localized
from clef.lib.pagecache import cached_for_visitors


def _list_version(request):
    return queries.list_version()


def _version(request):
    return queries.page_version(request.resolver_match.kwargs["slug"])


def _campaign_or_404(slug):
    campaign = queries.public_campaign(slug)
    if campaign is None:
        raise Http404(_("There is no such campaign."))
    return campaign


def _give_url(campaign):
    """The gifts part's form, once it exists; no link while the campaign is closed."""
    if not campaign.is_open():
        return ""
    try:
        return reverse("fundraising:give", args=[campaign.slug])
    except NoReverseMatch:
        return ""


@cached_for_visitors(_list_version)
def campaign_list(request):
    return render(request, "fundraising/campaign_list.html", {"rows": queries.summaries()})


@cached_for_visitors(_version)
def campaign(request, slug):
    campaign = _campaign_or_404(slug)
    context = queries.page_context(campaign)
    context["give_url"] = _give_url(campaign)
    return render(request, "fundraising/campaign.html", context)


def _framed(view):
    """Let other sites show the page in a frame: this page only."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        policy = settings.CLEF_CSP.replace(
            "frame-ancestors 'none'", f"frame-ancestors {settings.CLEF_EMBED_FRAME_ANCESTORS}"
        )
        if "frame-ancestors" not in policy:
            policy = f"{policy}; frame-ancestors {settings.CLEF_EMBED_FRAME_ANCESTORS}"
        response.headers["Content-Security-Policy"] = policy
        return response

    return xframe_options_exempt(wrapper)


@_framed
@cached_for_visitors(_version)
def embed(request, slug):
    campaign = _campaign_or_404(slug)
    context = queries.page_context(campaign)
    context["page_url"] = request.build_absolute_uri(campaign.get_absolute_url())
    return render(request, "fundraising/campaign_embed.html", context)


def figures_json(request, slug):
    campaign = _campaign_or_404(slug)
    figures = queries.figures(campaign)
    left = queries.countdown(campaign.deadline)
    data = {
        "slug": campaign.slug,
        "title": localized(campaign, "title"),
        "url": request.build_absolute_uri(campaign.get_absolute_url()),
        "currency": settings.CLEF_CURRENCY,
        "goal": str(figures["goal"]),
        "total": str(figures["total"]),
        "percent": figures["percent"],
        "donors": figures["donors"],
        "opens_on": campaign.opens_on.isoformat(),
        "deadline": campaign.deadline.isoformat(),
        "over": left.over,
        "left": {"days": left.days, "hours": left.hours, "minutes": left.minutes},
        "sources": [
            {
                "kind": source.key,
                "raised": str(source.raised),
                "goal": None if source.goal is None else str(source.goal),
                "donors": source.donors,
            }
            for source in figures["sources"]
        ],
        "counterparts": [
            {
                "name": localized(row, "name"),
                "minimum_gift": str(row.minimum_gift),
                "left": row.left,
            }
            for row in queries.counterparts(campaign)
        ],
    }
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=60"
    return response


def image(request, slug):
    campaign = _campaign_or_404(slug)
    if not campaign.image:
        raise Http404(_("This campaign has no image."))
    try:
        handle = campaign.image.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This campaign has no image.")) from error
    kind = mimetypes.guess_type(campaign.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
